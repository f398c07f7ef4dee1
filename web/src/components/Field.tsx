import { useId } from 'react';
import styles from './Field.module.css';

export interface Option {
  readonly value: string;
  readonly label: string;
  readonly hint?: string;
  /** Options with a group are shown under that heading (optgroup). */
  readonly group?: string;
}

function renderOptions(options: readonly Option[]) {
  const rendered: React.ReactNode[] = [];
  let index = 0;
  while (index < options.length) {
    const group = options[index]!.group;
    const run: Option[] = [];
    while (index < options.length && options[index]!.group === group) run.push(options[index++]!);
    const items = run.map((option) => (
      <option key={option.value} value={option.value} title={option.hint}>
        {option.label}
      </option>
    ));
    rendered.push(
      group === undefined ? (
        items
      ) : (
        <optgroup key={`group-${group}`} label={group}>
          {items}
        </optgroup>
      ),
    );
  }
  return rendered;
}

interface SelectFieldProps {
  readonly label: string;
  readonly value: string | undefined;
  readonly options: readonly Option[];
  readonly onChange: (value: string) => void;
  readonly placeholder?: string;
  readonly loading?: boolean;
  readonly disabled?: boolean;
  readonly testId?: string;
  /** Width of the control in characters, so the bar does not jump. */
  readonly size?: 's' | 'm' | 'l';
}

/** A labelled native select: keyboard and screen-reader friendly as it is. */
export function SelectField({
  label,
  value,
  options,
  onChange,
  placeholder = 'Choose…',
  loading = false,
  disabled = false,
  testId,
  size = 'm',
}: SelectFieldProps) {
  const id = useId();
  const known = value !== undefined && options.some((o) => o.value === value);
  return (
    <div className={styles.field}>
      <label htmlFor={id} className={styles.label}>
        {label}
      </label>
      <select
        id={id}
        className={`${styles.select} ${styles[size] ?? ''}`}
        value={known ? value : ''}
        disabled={disabled || loading}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      >
        {(!known || loading) && (
          <option value="" disabled>
            {loading ? 'Loading…' : value !== undefined && !known ? `${value} (not found)` : placeholder}
          </option>
        )}
        {renderOptions(options)}
      </select>
    </div>
  );
}
