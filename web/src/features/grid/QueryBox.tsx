import { useEffect, useId, useState } from 'react';
import { describeError } from '../../api/errors';
import { formStyles } from '../../components/FormField';
import styles from './GridTab.module.css';

interface QueryBoxProps {
  readonly value: string;
  readonly keys: readonly string[];
  /** The server's objection to the applied query, if any. */
  readonly error: unknown;
  readonly onApply: (query: string) => void;
}

/** A metadata query (applied with Enter), the fields it can use, and what is wrong with it in words. */
export function QueryBox({ value, keys, error, onApply }: QueryBoxProps) {
  const id = useId();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const problem = error ? describeError(error) : null;
  const apply = () => onApply(text.trim());
  return (
    <div className={styles.query}>
      <label htmlFor={id} className={formStyles.label}>
        Metadata query
      </label>
      <div className={styles.queryRow}>
        <input
          id={id}
          className={`${formStyles.input} ${formStyles.mono}`}
          value={text}
          spellCheck={false}
          autoComplete="off"
          placeholder={keys.length > 0 ? `e.g. ${keys[0]} == …   (Enter to apply)` : 'e.g. weather == "rain"'}
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${id}-error` : undefined}
          data-testid="grid-query"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') apply();
            if (event.key === 'Escape') setText(value);
          }}
        />
        <button type="button" className="btn" onClick={apply} disabled={text.trim() === value} data-testid="grid-query-apply">
          Apply
        </button>
        {value && (
          <button
            type="button"
            className="btn btn-quiet"
            onClick={() => {
              setText('');
              onApply('');
            }}
          >
            Clear
          </button>
        )}
      </div>
      {problem ? (
        <p className={formStyles.error} id={`${id}-error`} role="alert" data-testid="grid-query-error">
          {problem.message}
        </p>
      ) : (
        keys.length > 0 && (
          <p className={formStyles.hint}>
            Fields:{' '}
            {keys.map((key, i) => (
              <span key={key}>
                <button type="button" className={styles.keyChip} onClick={() => setText((t) => (t.trim() ? `${t.trim()} and ${key} ` : `${key} `))}>
                  {key}
                </button>
                {i < keys.length - 1 ? ' ' : ''}
              </span>
            ))}
            <span> · ==, !=, &lt;, &gt;, in [...], and, or, not</span>
          </p>
        )
      )}
    </div>
  );
}
