import { describe, expect, it } from 'vitest';
import {
  metadataFromRows,
  metadataRows,
  parseFrameIds,
  parseMetadataValue,
  parseThreshold,
  thresholdChanges,
  validateSegmentName,
} from './model';

describe('threshold input', () => {
  it('takes numbers from 0 to 1, as people type them', () => {
    expect(parseThreshold('0.8')).toEqual({ ok: true, value: 0.8 });
    expect(parseThreshold('.75')).toEqual({ ok: true, value: 0.75 });
    expect(parseThreshold(' 1 ')).toEqual({ ok: true, value: 1 });
    expect(parseThreshold('0')).toEqual({ ok: true, value: 0 });
    expect(parseThreshold('0,9')).toEqual({ ok: true, value: 0.9 });
  });

  it('an empty box unsets the threshold', () => {
    expect(parseThreshold('')).toEqual({ ok: true, value: null });
    expect(parseThreshold('   ')).toEqual({ ok: true, value: null });
  });

  it('says in words what is wrong', () => {
    const above = parseThreshold('80');
    expect(above.ok).toBe(false);
    expect(!above.ok && above.error).toMatch(/above 1/);
    const below = parseThreshold('-0.2');
    expect(!below.ok && below.error).toMatch(/below 0/);
    for (const bad of ['-0.1', 'abc', '0.8.1', '1e-1', 'NaN', 'Infinity']) {
      const parsed = parseThreshold(bad);
      expect(parsed.ok, bad).toBe(false);
    }
  });

  it('sends only what changed; null unsets', () => {
    expect(thresholdChanges({ precision: 0.8, recall: null, f1: 0.5 }, { precision: 0.8, recall: 0.6, f1: null })).toEqual({
      recall: 0.6,
      f1: null,
    });
  });
});

describe('frame ids and metadata', () => {
  it('splits pasted ids on commas, spaces and lines, without duplicates', () => {
    expect(parseFrameIds('a, b\nc  a;d\n\n')).toEqual(['a', 'b', 'c', 'd']);
    expect(parseFrameIds('  ')).toEqual([]);
  });

  it('keeps true/false and numbers typed, the rest as text', () => {
    expect(parseMetadataValue('true')).toBe(true);
    expect(parseMetadataValue('12.5')).toBe(12.5);
    expect(parseMetadataValue('-3')).toBe(-3);
    expect(parseMetadataValue('night')).toBe('night');
    expect(parseMetadataValue('12 px')).toBe('12 px');
  });

  it('round-trips metadata through editor rows and names bad rows', () => {
    const metadata = { owner: 'ana', reviewed: true, version: 3 };
    expect(metadataFromRows(metadataRows(metadata))).toEqual({ ok: true, value: metadata });
    expect(metadataFromRows([{ key: '', value: 'x' }])).toEqual({ ok: false, error: 'Row 1 has a value but no key.' });
    expect(metadataFromRows([{ key: 'a', value: '1' }, { key: 'a', value: '2' }]).ok).toBe(false);
    expect(metadataFromRows([{ key: '', value: '' }])).toEqual({ ok: true, value: {} });
  });
});

describe('segment names', () => {
  it('must be given, short enough and new', () => {
    expect(validateSegmentName('', [])).toMatch(/name/);
    expect(validateSegmentName('x'.repeat(201), [])).toMatch(/200/);
    expect(validateSegmentName('night', ['night'])).toMatch(/already exists/);
    expect(validateSegmentName('All Frames', [])).toMatch(/implicit/);
    expect(validateSegmentName('rainy nights', ['night'])).toBeNull();
  });
});
