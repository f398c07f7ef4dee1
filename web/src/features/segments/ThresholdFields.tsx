import { useId } from 'react';
import { FormField, formStyles } from '../../components/FormField';
import { METRIC_LABELS, METRICS, parseThreshold, type Metric } from './model';

export type ThresholdTexts = Record<Metric, string>;

export function thresholdErrors(texts: ThresholdTexts): Partial<Record<Metric, string>> {
  const errors: Partial<Record<Metric, string>> = {};
  for (const metric of METRICS) {
    const parsed = parseThreshold(texts[metric]);
    if (!parsed.ok) errors[metric] = parsed.error;
  }
  return errors;
}

interface ThresholdFieldsProps {
  readonly values: ThresholdTexts;
  readonly onChange: (values: ThresholdTexts) => void;
  /** Enter in a field submits (saves) the thresholds. */
  readonly onSubmit?: () => void;
  readonly testIdPrefix?: string;
}

/** Precision, recall and F1 targets: numbers from 0 to 1, empty for none. */
export function ThresholdFields({ values, onChange, onSubmit, testIdPrefix = 'threshold' }: ThresholdFieldsProps) {
  const id = useId();
  const errors = thresholdErrors(values);
  return (
    <div className={formStyles.row}>
      {METRICS.map((metric) => {
        const fieldId = `${id}-${metric}`;
        return (
          <FormField key={metric} label={`${METRIC_LABELS[metric]} target`} htmlFor={fieldId} error={errors[metric]} hint="0 to 1; empty for none">
            <input
              id={fieldId}
              className={`${formStyles.input} num`}
              inputMode="decimal"
              placeholder="none"
              autoComplete="off"
              value={values[metric]}
              aria-invalid={errors[metric] !== undefined}
              aria-describedby={errors[metric] ? `${fieldId}-error` : undefined}
              data-testid={`${testIdPrefix}-${metric}`}
              onChange={(event) => onChange({ ...values, [metric]: event.target.value })}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && onSubmit) {
                  event.preventDefault();
                  onSubmit();
                }
              }}
            />
          </FormField>
        );
      })}
    </div>
  );
}
