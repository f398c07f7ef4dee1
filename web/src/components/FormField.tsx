import type { ReactNode } from 'react';
import styles from './FormField.module.css';

export { styles as formStyles };

interface FormFieldProps {
  readonly label: ReactNode;
  /** The id of the control, so that the label focuses it. */
  readonly htmlFor: string;
  readonly hint?: ReactNode;
  /** A validation message; shown instead of the hint and announced. */
  readonly error?: string | null | undefined;
  readonly children: ReactNode;
  readonly className?: string;
}

/** A label, a control and either a hint or an error in words below it. */
export function FormField({ label, htmlFor, hint, error, children, className }: FormFieldProps) {
  return (
    <div className={`${styles.field} ${className ?? ''}`}>
      <label htmlFor={htmlFor} className={styles.label}>
        {label}
      </label>
      {children}
      {error ? (
        <p className={styles.error} role="alert" id={`${htmlFor}-error`}>
          {error}
        </p>
      ) : (
        hint && <p className={styles.hint}>{hint}</p>
      )}
    </div>
  );
}
