import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorPanel } from '../components/ErrorPanel';
import { PanelSkeleton } from '../components/Skeleton';
import { Tabs, type TabItem } from '../components/Tabs';
import { EmptyState } from '../features/onboarding/EmptyState';
import { PathBar } from '../features/pathbar/PathBar';
import { MetricsTab } from '../features/metrics/MetricsTab';
import { ScenariosTab } from '../features/scenarios/ScenariosTab';
import { EmbeddingsTab } from '../features/embeddings/EmbeddingsTab';
import { GridTab } from '../features/grid/GridTab';
import { useUpdateView } from './viewState';
import type { Tab } from './search';
import { useSelection, type Selection } from './useSelection';
import styles from './AppShell.module.css';

const TAB_ITEMS: readonly TabItem<Tab>[] = [
  { id: 'scenarios', label: 'Scenarios' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'embeddings', label: 'Embeddings' },
  { id: 'grid', label: 'Grid' },
];

function Retryable({ query, label }: { readonly query: UseQueryResult; readonly label: string }) {
  if (query.isError) {
    return <ErrorPanel error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <PanelSkeleton label={label} />;
}

function NotFound({ what, name, onPick }: { readonly what: string; readonly name: string; readonly onPick?: () => void }) {
  return (
    <ErrorPanel
      error={new Error(`There is no ${what} named “${name}”. Choose one in the path bar above.`)}
      action={`open ${what} “${name}”`}
      onRetry={onPick}
    />
  );
}

/** Whatever stands between the user and a view: loading, failures, empty data. */
function Content({ selection }: { readonly selection: Selection }) {
  const { view, projects, datasets, inferenceSets, project, dataset } = selection;
  if (!projects.isSuccess) return <Retryable query={projects} label="Loading projects" />;
  if (projects.data.data.length === 0) return <EmptyState kind="workspace" onReload={() => void projects.refetch()} />;
  if (view.project === undefined) return <PanelSkeleton label="Opening the first project" />;
  if (!project) return <NotFound what="project" name={view.project} />;
  if (!datasets.isSuccess) return <Retryable query={datasets} label="Loading datasets" />;
  if (datasets.data.data.length === 0) return <EmptyState kind="datasets" onReload={() => void datasets.refetch()} />;
  if (view.dataset === undefined) return <PanelSkeleton label="Opening the first dataset" />;
  if (!dataset) return <NotFound what="dataset" name={view.dataset} />;
  if (view.tab === 'grid') return <GridTab selection={selection} />;
  if (!inferenceSets.isSuccess) return <Retryable query={inferenceSets} label="Loading inference sets" />;
  if (inferenceSets.data.data.length === 0) {
    return <EmptyState kind="inference-sets" onReload={() => void inferenceSets.refetch()} />;
  }
  if (view.inference === undefined) return <PanelSkeleton label="Opening the first inference set" />;
  if (!selection.inference) return <NotFound what="inference set" name={view.inference} />;
  if (view.compare !== undefined && !selection.compare) return <NotFound what="inference set" name={view.compare} />;
  switch (view.tab) {
    case 'scenarios':
      return <ScenariosTab selection={selection} />;
    case 'metrics':
      return <MetricsTab selection={selection} />;
    case 'embeddings':
      return <EmbeddingsTab selection={selection} />;
  }
}

export function AppShell() {
  const selection = useSelection();
  const update = useUpdateView();
  const { view } = selection;
  return (
    <div className={styles.app}>
      <header className={styles.topbar}>
        <a className={styles.brand} href="/" aria-label="reefscope home">
          <svg width="20" height="20" viewBox="0 0 32 32" aria-hidden="true">
            <circle cx="16" cy="16" r="10" fill="none" stroke="#7dd3c0" strokeWidth="3.5" />
            <circle cx="16" cy="16" r="3.5" fill="#f4a259" />
          </svg>
          reefscope
        </a>
        <span className={styles.tagline}>where your vision models fail</span>
        <span className={styles.spacer} />
        <a className={styles.toplink} href="/api/docs" target="_blank" rel="noreferrer">
          API docs
        </a>
      </header>
      <div className={styles.context}>
        <PathBar selection={selection} />
        <Tabs
          label="Views"
          idPrefix="view"
          items={TAB_ITEMS}
          selected={view.tab}
          onSelect={(tab) => update((v) => ({ ...v, tab }))}
        />
      </div>
      <main
        className={styles.main}
        id={`view-panel-${view.tab}`}
        role="tabpanel"
        aria-labelledby={`view-tab-${view.tab}`}
        tabIndex={-1}
      >
        <Content selection={selection} />
      </main>
    </div>
  );
}
