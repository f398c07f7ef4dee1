import { createRootRoute, createRoute, createRouter } from '@tanstack/react-router';
import { AppShell } from './AppShell';
import { parseSearchString, stringifySearch, validatedSearch } from './search';

// One route: every view is the same page with different search parameters.
const rootRoute = createRootRoute({
  validateSearch: validatedSearch,
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
