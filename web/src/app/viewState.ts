import { useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback } from 'react';
import { decodeSearch, type ViewSearch } from './search';

// The URL view state's hooks. This module imports no component, so features
// can use it without depending on the router (which mounts the app shell).
// The route types come from the router's `Register` declaration in router.tsx.

/** The current view state. */
export function useView(): ViewSearch {
  return useSearch({ from: '__root__' });
}

export interface UpdateOptions {
  /** Replace the history entry (slider drags, automatic choices) instead of pushing one. */
  readonly replace?: boolean;
}

/** Changes the view state; each change is a history entry unless replaced. */
export function useUpdateView(): (update: (view: ViewSearch) => ViewSearch, options?: UpdateOptions) => void {
  const navigate = useNavigate();
  return useCallback(
    (update, options = {}) => {
      void navigate({
        to: '/',
        // The router hands over the input shape (every key optional): normalise it first.
        search: (prev) => update(decodeSearch(prev as Record<string, unknown>)),
        replace: options.replace ?? false,
      });
    },
    [navigate],
  );
}
