import { useState } from 'react';
import { parseSearchString } from './search';
import { searchNotices, type SearchNotice } from './searchNotices';
import styles from './UrlNotices.module.css';

/**
 * What the opening link asked for that could not be used. Read once from the
 * address the page was opened with: the first navigation rewrites the URL
 * without the bad values, and the notice should outlive that.
 */
export function UrlNotices() {
  const [notices, setNotices] = useState<readonly SearchNotice[]>(() => searchNotices(parseSearchString(window.location.search)));
  if (notices.length === 0) return null;
  return (
    <div className={styles.notice} role="status" data-testid="url-notices">
      <div className={styles.body}>
        <strong>Parts of this link were ignored.</strong>
        <ul>
          {notices.map((n) => (
            <li key={`${n.key}=${n.value}`} data-testid="url-notice" data-key={n.key}>
              {n.message}
            </li>
          ))}
        </ul>
      </div>
      <button type="button" className={styles.dismiss} onClick={() => setNotices([])} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
