import type { Selection } from '../../app/useSelection';
import styles from '../placeholder.module.css';

export function GridTab({ selection }: { readonly selection: Selection }) {
  return (
    <section className={`card ${styles.placeholder}`} aria-labelledby="grid-title">
      <h2 id="grid-title">Grid</h2>
      <p>
        The frames of <strong>{selection.view.dataset}</strong> with labels drawn solid and predictions dashed.
      </p>
    </section>
  );
}
