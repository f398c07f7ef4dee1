import { metricsCsvUrl, type DatasetRef, type ObjectSize } from '../../api/queries';
import type { Side } from './useMetricsData';
import styles from './Panel.module.css';

interface DownloadsProps {
  readonly datasetRef: DatasetRef;
  readonly table: 'report' | 'confusion';
  readonly sides: readonly Side[];
  readonly segment: string | undefined;
  readonly size?: ObjectSize | undefined;
}

/** CSV download links of a table, one per inference set, at the thresholds on screen. */
export function Downloads({ datasetRef, table, sides, segment, size }: DownloadsProps) {
  const what = table === 'report' ? 'the classification report' : 'the full confusion matrix';
  return (
    <>
      {sides.map((side, i) => {
        const tag = sides.length > 1 ? (i === 0 ? ' A' : ' B') : '';
        const href = metricsCsvUrl(datasetRef, table, { inference: side.name, ...side.thresholds, segment, size });
        return (
          <a
            key={side.name}
            className={`btn ${styles.download}`}
            href={href}
            download
            title={`Download ${what} of “${side.name}” as CSV`}
            data-testid={`download-${table}${tag ? `-${tag.trim().toLowerCase()}` : ''}`}
          >
            <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
              <path d="M8 2v8m0 0L4.5 6.5M8 10l3.5-3.5M3 13h10" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
            </svg>
            CSV{tag}
          </a>
        );
      })}
    </>
  );
}
