import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { AppShell } from './AppShell';
import { decodeSearch, parseSearchString, stringifySearch, type ViewSearch } from './search';

// One route: every view is the same page with different search parameters.
const rootRoute = createRootRoute({
  validateSearch: (raw: Record<string, unknown>): ViewSearch => decodeSearch(raw),
  component: AppShell,
});

const indexRoute = createRoute({ getParentRoute: () => rootRoute, path: '/' });

export const router = createRouter({
  routeTree: rootRoute.addChildren([indexRoute]),
  parseSearch: parseSearchString,
  stringifySearch,
  defaultPreload: false,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
