import { useQuery } from '@tanstack/react-query';
import { scenariosQuery, type ScenariosResponse } from '../../api/queries';
import { useUpdateView } from '../../app/router';
import type { Selection } from '../../app/useSelection';
import { ErrorPanel } from '../../components/ErrorPanel';
import { PanelSkeleton } from '../../components/Skeleton';
import { formatCount, formatMetric, formatThreshold } from '../metrics/model/format';
import styles from './ScenariosTab.module.css';

type Card = ScenariosResponse['groups'][number]['cards'][number];
type Check = Card['scores'][number]['checks'][number];

function CheckValue({ check }: { readonly check: Check }) {
  const f = formatMetric(check.score, check.metric);
  const state = check.succeeds === null ? 'unset' : check.succeeds ? 'met' : 'missed';
  const target = check.threshold === null ? 'no target' : `target ${formatThreshold(check.threshold)}`;
  return (
    <span className={`${styles.value} ${styles[state] ?? ''} num`} title={f.reason ?? `${check.metric}: ${target}`}>
      {f.text}
    </span>
  );
}

function ScenarioCard({ card, onOpen }: { readonly card: Card; readonly onOpen: () => void }) {
  return (
    <article className={`card ${styles.scenario}`} data-testid="scenario-card">
      <button type="button" className={styles.open} onClick={onOpen} aria-label={`Open the metrics of ${card.segment}`}>
        <header className={styles.cardHeader}>
          <h3>{card.segment}</h3>
          <span className={styles.frames}>{formatCount(card.frame_count)} frames</span>
        </header>
        {card.description && <p className={styles.description}>{card.description}</p>}
        <table className={styles.scores}>
          <thead>
            <tr>
              {card.scores.length > 1 && (
                <th scope="col" className="visually-hidden">
                  Inference set
                </th>
              )}
              {(['Precision', 'Recall', 'F1'] as const).map((name, i) => {
                const target = [card.precision, card.recall, card.f1][i];
                return (
                  <th scope="col" key={name}>
                    {name}
                    <span className={styles.target}>{target == null ? '' : ` ≥ ${formatThreshold(target)}`}</span>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {card.scores.map((score, i) => (
              <tr key={i}>
                {card.scores.length > 1 && (
                  <th scope="row" className={styles.side}>
                    {i === 0 ? 'A' : 'B'}
                  </th>
                )}
                {score.checks.map((check) => (
                  <td key={check.metric}>
                    <CheckValue check={check} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </button>
    </article>
  );
}

export function ScenariosTab({ selection }: { readonly selection: Selection }) {
  const update = useUpdateView();
  const { view, ref, thresholds } = selection;
  const inferences = [view.inference, view.compare].filter((x): x is string => x !== undefined);
  const query = useQuery({
    ...scenariosQuery(ref!, {
      inferences,
      thresholds: thresholds?.a ?? { confidence: 0, iou: 0 },
      secondThresholds: thresholds && !thresholds.shared ? thresholds.b : undefined,
      metricClass: view.metricClass,
    }),
    enabled: ref !== null && thresholds !== null && inferences.length > 0,
  });
  if (query.isError && !query.data) {
    return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!query.data) return <PanelSkeleton label="Computing the scenario cards" />;
  return (
    <div className={styles.tab}>
      {query.data.regression.length > 0 && (
        <p className={styles.regression} data-testid="regression-summary">
          {query.data.regression.map((r) => (
            <span key={r.inference_set} className={r.passed === r.total ? styles.met : styles.missed}>
              {r.inference_set}: {r.passed} of {r.total} regression tests pass
            </span>
          ))}
        </p>
      )}
      {query.data.groups.map((group) => (
        <section key={group.kind} aria-labelledby={`group-${group.kind}`} className={styles.group}>
          <h2 id={`group-${group.kind}`}>{group.title}</h2>
          {group.cards.length === 0 ? (
            <p className={styles.none}>None yet.</p>
          ) : (
            <div className={styles.cards}>
              {group.cards.map((card) => (
                <ScenarioCard
                  key={card.segment}
                  card={card}
                  onOpen={() =>
                    update((v) => {
                      const { segment: _s, ...rest } = v;
                      const allFrames = group.kind === 'split' && card.segment === 'All Frames';
                      return { ...rest, ...(allFrames ? {} : { segment: card.segment }), tab: 'metrics', cells: [], page: 0 };
                    })
                  }
                />
              ))}
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
