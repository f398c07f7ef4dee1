import type { Selection } from '../../app/useSelection';
import styles from '../placeholder.module.css';

export function EmbeddingsTab({ selection }: { readonly selection: Selection }) {
  return (
    <section className={`card ${styles.placeholder}`} aria-labelledby="embeddings-title">
      <h2 id="embeddings-title">Embeddings</h2>
      <p>
        The embedding map of <strong>{selection.view.dataset}</strong>: frames coloured by precision, recall or F1, and
        crops coloured by outcome. It needs frame or crop embeddings imported with the dataset.
      </p>
    </section>
  );
}
