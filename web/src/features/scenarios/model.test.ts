import { describe, expect, it } from 'vitest';
import type { ScenariosResponse } from '../../api/queries';
import { cardVerdict, regressionSentence } from './model';

type Card = ScenariosResponse['groups'][number]['cards'][number];

function card(succeeds: (boolean | null)[][]): Card {
  return {
    segment: 's',
    kind: 'scenario',
    description: '',
    frame_count: 1,
    precision: null,
    recall: null,
    f1: null,
    scores: succeeds.map((row) => ({
      segment: 's',
      kind: 'scenario',
      description: '',
      frame_count: 1,
      checks: row.map((s, i) => ({ metric: (['precision', 'recall', 'f1'] as const)[i]!, score: 0.5, threshold: s === null ? null : 0.5, succeeds: s })),
      false_positives: 0,
      false_negatives: 0,
      confusions: 0,
      passed: row.every((s) => s !== false),
    })),
  };
}

describe('scenario card verdicts', () => {
  it('is none without targets, pass when every target of every set is met, fail otherwise', () => {
    expect(cardVerdict(card([[null, null, null]]))).toBe('none');
    expect(cardVerdict(card([[true, null, true]]))).toBe('pass');
    expect(cardVerdict(card([[true, null, false]]))).toBe('fail');
    expect(cardVerdict(card([[true, null, null], [false, null, null]]))).toBe('fail');
  });

  it('says how many regression tests pass', () => {
    expect(regressionSentence({ inference_set: 'a', total: 3, passed: 2 })).toBe('2 of 3 regression tests pass');
    expect(regressionSentence({ inference_set: 'a', total: 1, passed: 0 })).toBe('0 of 1 regression tests pass');
    expect(regressionSentence({ inference_set: 'a', total: 0, passed: 0 })).toBe('no regression tests yet');
  });
});
