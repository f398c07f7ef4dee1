import { useEffect, useState } from 'react';
import type { EmbeddingsInfo } from '../../api/queries';
import { formatCount } from '../metrics/model/format';
import styles from './EmbeddingsTab.module.css';

/**
 * While the server projects the embeddings (once per embedding set, then
 * cached): what it is doing and for how long, so a long first projection
 * does not look like a hang.
 */
export function ProjectionProgress({ info, pending }: { readonly info: EmbeddingsInfo | undefined; readonly pending: boolean }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = window.setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 500);
    return () => window.clearInterval(timer);
  }, []);
  const what = info
    ? `${formatCount(info.count)} ${info.kind === 'frame' ? 'frame' : 'crop'} embeddings (${info.dimension} dimensions)`
    : 'the embeddings';
  return (
    <div className={styles.center} role="status" aria-live="polite" data-testid="projection-progress">
      <div className={styles.progress}>
        <span className={styles.spinner} aria-hidden="true" />
        <p className={styles.progressTitle}>{pending ? `Projecting ${what} to 2-D…` : 'Waiting for the map…'}</p>
        <p className={styles.progressText}>
          The server computes the projection once (UMAP when installed, else PCA) and keeps it; colours follow the thresholds instantly after that.
        </p>
        <div className={styles.bar} aria-hidden="true">
          <span />
        </div>
        {seconds >= 2 && <p className={`${styles.progressText} num`}>{seconds} s</p>}
      </div>
    </div>
  );
}
