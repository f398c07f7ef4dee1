import { useState } from 'react';
import styles from './EmptyState.module.css';

export type EmptyKind = 'workspace' | 'datasets' | 'inference-sets';

const TITLES: Record<EmptyKind, string> = {
  workspace: 'No projects in this workspace yet',
  datasets: 'This project has no datasets yet',
  'inference-sets': 'This dataset has no inference sets yet',
};

const LEADS: Record<EmptyKind, string> = {
  workspace:
    'reefscope shows where a model fails once it has a labeled dataset and the model’s predictions on it. Load the sample data, or import your own from the command line.',
  datasets: 'Import a labeled dataset into this project to see its frames and evaluate models on it.',
  'inference-sets':
    'Import a model’s predictions on this dataset (an inference set) to see its confusion matrix, metrics and failure examples.',
};

const FORMATS = 'COCO JSON, Pascal VOC XML, YOLO text files, per-image text files, and CSV or Parquet for classification';

function Command({ text, label }: { readonly text: string; readonly label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(() => {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    });
  };
  return (
    <div className={styles.command}>
      <pre aria-label={label}>
        <span className={styles.prompt} aria-hidden="true">
          ${' '}
        </span>
        {text}
      </pre>
      <button type="button" className="btn btn-quiet" onClick={copy} aria-label={`Copy: ${text}`}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

/** What to do when there is nothing to show yet: how to get data in. */
export function EmptyState({ kind, onReload }: { readonly kind: EmptyKind; readonly onReload: () => void }) {
  return (
    <section className={`card ${styles.empty}`} aria-labelledby="empty-title" data-testid={`empty-${kind}`}>
      <h2 id="empty-title" className={styles.title}>
        {TITLES[kind]}
      </h2>
      <p className={styles.lead}>{LEADS[kind]}</p>
      <ol className={styles.steps}>
        {kind === 'workspace' && (
          <li>
            <h3>Explore the sample data</h3>
            <p>Builds a demo workspace from the bundled VOC and indoor sets and serves it.</p>
            <Command text="reefscope demo" label="Start the demo" />
          </li>
        )}
        <li>
          <h3>{kind === 'inference-sets' ? 'Import predictions' : 'Import labels and predictions'}</h3>
          <p>
            <code>reefscope import</code> reads {FORMATS}. Its help lists every format and option:
          </p>
          <Command text="reefscope import --help" label="Import help" />
        </li>
        <li>
          <h3>Reload</h3>
          <p>
            Import into the workspace this server reads (<code>~/.reefscope</code>, or the one given by{' '}
            <code>--data-dir</code> or <code>REEFSCOPE_HOME</code>), then reload.
          </p>
          <button type="button" className="btn" onClick={onReload}>
            Reload
          </button>
        </li>
      </ol>
    </section>
  );
}
