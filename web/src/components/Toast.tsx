import { useEffect, type ReactNode } from 'react';
import styles from './Toast.module.css';

export interface ToastMessage {
  readonly text: ReactNode;
  readonly action?: { readonly label: string; readonly onClick: () => void };
}

/** A short confirmation at the bottom of the screen that goes away by itself. */
export function Toast({ message, onDismiss }: { readonly message: ToastMessage | null; readonly onDismiss: () => void }) {
  useEffect(() => {
    if (!message) return;
    const timer = window.setTimeout(onDismiss, 7000);
    return () => window.clearTimeout(timer);
  }, [message, onDismiss]);
  if (!message) return null;
  return (
    <div className={styles.toast} role="status" data-testid="toast">
      <span>{message.text}</span>
      {message.action && (
        <button
          type="button"
          className={styles.action}
          onClick={() => {
            message.action?.onClick();
            onDismiss();
          }}
        >
          {message.action.label}
        </button>
      )}
      <button type="button" className={styles.dismiss} onClick={onDismiss} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
