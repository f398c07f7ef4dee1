// Pure helpers of the Scenarios tab.

import type { ScenariosResponse } from '../../api/queries';

type Card = ScenariosResponse['groups'][number]['cards'][number];

export type Verdict = 'pass' | 'fail' | 'none';

/** Whether a card meets its targets for every selected inference set ('none' without targets). */
export function cardVerdict(card: Card): Verdict {
  const checks = card.scores.flatMap((score) => score.checks).filter((check) => check.succeeds !== null);
  if (checks.length === 0) return 'none';
  return checks.every((check) => check.succeeds) ? 'pass' : 'fail';
}

/** "2 of 3 regression tests pass" — or what to do when there are none. */
export function regressionSentence(summary: ScenariosResponse['regression'][number]): string {
  if (summary.total === 0) return 'no regression tests yet';
  return `${summary.passed} of ${summary.total} regression tests pass`;
}
