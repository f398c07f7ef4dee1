import type { Project } from '../../api/queries';
import { classColor } from '../metrics/model/colors';

/** Class name to its colour: the project's own, else the shared palette by class index. */
export function classColorLookup(project: Project | undefined): (className: string) => string {
  const colors = new Map<string, string>();
  project?.classes.forEach((c, i) => colors.set(c.name, classColor(i, c.color)));
  return (className) => colors.get(className) ?? '#64748b';
}
