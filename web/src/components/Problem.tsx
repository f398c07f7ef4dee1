import { describeError } from '../api/errors';
import { formStyles } from './FormField';

/** A failed write, in words, inline under the form that caused it. */
export function Problem({ error, action, testId }: { readonly error: unknown; readonly action?: string; readonly testId?: string }) {
  const e = describeError(error, action);
  return (
    <div className={formStyles.problem} role="alert" data-testid={testId}>
      <strong>{e.title}</strong>
      {e.message}
      {e.details.length > 0 && (
        <ul>
          {e.details.map((detail, i) => (
            <li key={i}>{detail}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
