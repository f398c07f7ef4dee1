import { describe, expect, it } from 'vitest';
import { decodeSearch, DEFAULT_SEARCH, parseSearchString, resetSelection, stringifySearch, type ViewSearch } from './search';

const roundTrip = (search: Partial<ViewSearch>) => decodeSearch(parseSearchString(stringifySearch(search)));

describe('URL state of the grid, embedding and scenario views', () => {
  it('round-trips grid filters, sort, page, crop source and the open fly-out', () => {
    const view: ViewSearch = {
      ...DEFAULT_SEARCH,
      tab: 'grid',
      gridQuery: "weather == 'rain'",
      gridOutcome: 'confusion',
      gridClass: 'car',
      gridSort: 'f1_asc',
      gridPage: 3,
      cropSource: 'predictions',
      details: 'night & fog',
    };
    expect(roundTrip(view)).toEqual(view);
  });

  it('leaves defaults out of the link', () => {
    expect(stringifySearch({ ...DEFAULT_SEARCH, tab: 'grid' })).toBe('?tab=grid');
  });

  it('drops values it does not know', () => {
    const view = decodeSearch({ gridOutcome: 'sideways', gridSort: 'random', gridPage: '-2', cropSource: 'x' });
    expect(view.gridOutcome).toBeUndefined();
    expect(view.gridSort).toBe('frame');
    expect(view.gridPage).toBe(0);
    expect(view.cropSource).toBe('labels');
  });

  it('a new dataset closes the fly-out and returns to the first grid page', () => {
    const view: ViewSearch = { ...DEFAULT_SEARCH, project: 'p', dataset: 'd', details: 'night', gridPage: 4, gridClass: 'car' };
    const next = resetSelection(view, 'dataset');
    expect(next.details).toBeUndefined();
    expect(next.gridPage).toBe(0);
    expect(next.gridClass).toBe('car');
    expect(resetSelection(view, 'project').gridClass).toBeUndefined();
  });
});
