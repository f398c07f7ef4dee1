import { useEffect, useId, useRef, type ReactNode } from 'react';
import styles from './Dialog.module.css';

interface DialogProps {
  readonly open: boolean;
  readonly title: ReactNode;
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** Buttons at the bottom (right-aligned). */
  readonly footer?: ReactNode;
  /** A centred dialog, or a panel that flies out from the right edge. */
  readonly variant?: 'modal' | 'drawer' | 'viewer';
  readonly size?: 's' | 'm' | 'l';
  readonly testId?: string;
  /** Text before the title (a kind badge, a counter). */
  readonly eyebrow?: ReactNode;
}

/**
 * A native <dialog> shown modally: focus stays inside, Escape closes it and
 * the page behind is inert. Closing always goes through onClose so that the
 * owner (often the URL) stays the source of truth.
 */
export function Dialog({ open, title, onClose, children, footer, variant = 'modal', size = 'm', testId, eyebrow }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  if (!open) return null;
  return (
    <dialog
      ref={ref}
      className={`${styles.dialog} ${styles[variant]} ${styles[size]}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its box) closes it.
        if (event.target === ref.current && variant !== 'viewer') onClose();
      }}
    >
      <div className={styles.box}>
        <header className={styles.header}>
          <div className={styles.heading}>
            {eyebrow && <div className={styles.eyebrow}>{eyebrow}</div>}
            <h2 id={titleId} className={styles.title}>
              {title}
            </h2>
          </div>
          <button type="button" className={`btn btn-quiet btn-icon ${styles.close}`} onClick={onClose} aria-label="Close">
            <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
              <path d="M2 2l10 10M12 2L2 12" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
          </button>
        </header>
        <div className={styles.body}>{children}</div>
        {footer && <footer className={styles.footer}>{footer}</footer>}
      </div>
    </dialog>
  );
}
