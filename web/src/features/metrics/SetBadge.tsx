import styles from './SetBadge.module.css';

/** The colour-coded "A" / "B" that ties numbers, curves and sliders to an inference set. */
export function SetBadge({ side, name }: { readonly side: 'a' | 'b'; readonly name?: string }) {
  return (
    <span className={styles.wrap} title={name ? `Inference set ${side.toUpperCase()}: ${name}` : undefined}>
      <span className={`${styles.badge} ${styles[side]}`} aria-hidden={name ? undefined : true}>
        {side.toUpperCase()}
      </span>
      {name && <span className={styles.name}>{name}</span>}
    </span>
  );
}

/** Colours of the two sets, shared with the charts. */
export const SET_COLORS = { a: '#334155', b: '#c2410c' } as const;
