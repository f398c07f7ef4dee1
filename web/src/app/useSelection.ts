// The path bar's data: the lists behind each selector, and what is selected.
// Missing choices are filled with the first available item (replacing the
// history entry), so that opening the app lands on a useful view and the URL
// always says what is shown.

import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { datasetsQuery, inferenceSetsQuery, projectsQuery, segmentsQuery } from '../api/queries';
import { useUpdateView, useView } from './viewState';
import { effectiveThresholds } from './search';

export function useSelection() {
  const view = useView();
  const update = useUpdateView();
  const ref = view.project && view.dataset ? { project: view.project, dataset: view.dataset } : null;

  const projects = useQuery(projectsQuery());
  const datasets = useQuery({ ...datasetsQuery(view.project ?? ''), enabled: view.project !== undefined });
  const inferenceSets = useQuery({
    ...inferenceSetsQuery(ref ?? { project: '', dataset: '' }),
    enabled: ref !== null,
  });
  const segments = useQuery({ ...segmentsQuery(ref ?? { project: '', dataset: '' }), enabled: ref !== null });

  const project = projects.data?.data.find((p) => p.name === view.project);
  const dataset = datasets.data?.data.find((d) => d.name === view.dataset);
  const inference = inferenceSets.data?.data.find((i) => i.name === view.inference);
  const compare = inferenceSets.data?.data.find((i) => i.name === view.compare);
  const segment = segments.data?.data.find((s) => s.name === view.segment);

  const firstProject = projects.data?.data[0]?.name;
  const firstDataset = datasets.data?.data[0]?.name;
  const firstInference = inferenceSets.data?.data[0]?.name;

  useEffect(() => {
    if (view.project === undefined && firstProject !== undefined) {
      update((v) => ({ ...v, project: firstProject }), { replace: true });
    } else if (view.project !== undefined && view.dataset === undefined && firstDataset !== undefined && project) {
      update((v) => ({ ...v, dataset: firstDataset }), { replace: true });
    } else if (dataset && view.inference === undefined && firstInference !== undefined) {
      update((v) => ({ ...v, inference: firstInference }), { replace: true });
    }
  }, [view.project, view.dataset, view.inference, firstProject, firstDataset, firstInference, project, dataset, update]);

  const thresholds = project
    ? effectiveThresholds(view, { confidence: project.confidence_threshold, iou: project.iou_threshold })
    : null;

  return {
    view,
    ref,
    projects,
    datasets,
    inferenceSets,
    segments,
    project,
    dataset,
    inference,
    compare,
    segment,
    thresholds,
  };
}

export type Selection = ReturnType<typeof useSelection>;
