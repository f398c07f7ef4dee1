import { describe, expect, it } from 'vitest';
import { ApiError, describeError, describeValidationItem, withAction } from './errors';

const api = (status: number, body: unknown, statusText = '') => new ApiError(status, statusText, body, '/api/x');

describe('describeError', () => {
  it('names the action in the title', () => {
    expect(describeError(api(500, null), 'load the metrics').title).toBe('Could not load the metrics');
  });

  it('explains a server that cannot be reached', () => {
    const e = describeError(new TypeError('Failed to fetch'), 'load the projects');
    expect(e.kind).toBe('network');
    expect(e.message).toMatch(/could not be reached.*reefscope serve/);
    expect(e.retryable).toBe(true);
  });

  it('passes a 404 detail through as a sentence', () => {
    const e = describeError(api(404, { detail: "Dataset 'val' not found in project 'reef'" }));
    expect(e.kind).toBe('not_found');
    expect(e.message).toBe("Dataset 'val' not found in project 'reef'.");
    expect(e.retryable).toBe(false);
  });

  it('lists every validation problem in words', () => {
    const e = describeError(
      api(422, {
        detail: [
          { loc: ['query', 'confidence'], msg: 'Input should be less than or equal to 1', type: 'less_than_equal' },
          { loc: ['body', 'thresholds', 'f1'], msg: 'Input should be a valid number', type: 'float_parsing' },
        ],
      }),
      'save the thresholds',
    );
    expect(e.kind).toBe('validation');
    expect(e.message).toBe('The server rejected the request: 2 problems.');
    expect(e.details).toEqual([
      'confidence (query parameter): Input should be less than or equal to 1',
      'thresholds.f1 (request body): Input should be a valid number',
    ]);
  });

  it('keeps a 422 with a plain detail string', () => {
    const e = describeError(api(422, { detail: 'unknown class "boat"' }));
    expect(e.message).toBe('Unknown class "boat".');
    expect(e.details).toEqual([]);
  });

  it('says a 5xx is the server failing, with its detail if any', () => {
    const e = describeError(api(500, { detail: 'Internal error (id 42)' }, 'Internal Server Error'));
    expect(e.kind).toBe('server');
    expect(e.message).toBe('The server failed while answering (500 Internal Server Error). Internal error (id 42).');
    expect(e.retryable).toBe(true);
    expect(describeError(api(503, '<html>busy</html>', 'Service Unavailable')).message).toBe(
      'The server is unavailable (503 Service Unavailable). It may be restarting.',
    );
  });

  it('mentions the API key on 401/403', () => {
    expect(describeError(api(401, { detail: 'Missing API key' })).message).toMatch(/Missing API key\. .*REEFSCOPE_API_KEY/);
  });

  it('handles other 4xx, text bodies and odd details', () => {
    expect(describeError(api(409, { detail: 'Segment "hard" already exists' })).message).toBe(
      'Segment "hard" already exists.',
    );
    expect(describeError(api(400, 'plain text problem')).message).toBe('Plain text problem.');
    expect(describeError(api(418, { detail: { code: 7 } })).message).toBe('{"code":7}.');
    expect(describeError(api(429, null, 'Too Many Requests')).retryable).toBe(true);
  });

  it('explains a non-JSON answer', () => {
    const e = describeError(new SyntaxError('Unexpected token <'));
    expect(e.kind).toBe('bad_response');
    expect(e.message).toMatch(/not JSON/);
  });

  it('handles aborts, timeouts and anything else', () => {
    expect(describeError(new DOMException('x', 'AbortError')).kind).toBe('aborted');
    expect(describeError(new DOMException('x', 'TimeoutError')).message).toMatch(/too long/);
    expect(describeError(new Error('boom')).message).toBe('Boom.');
    expect(describeError('text').message).toBe('Text.');
    expect(describeError(42).message).toBe('An unexpected error occurred.');
  });
});

describe('describeValidationItem', () => {
  it('copes with missing or unusual locations', () => {
    expect(describeValidationItem({ msg: 'bad' })).toBe('bad');
    expect(describeValidationItem({ loc: ['query'], msg: 'bad' })).toBe('query parameter: bad');
    expect(describeValidationItem({ loc: ['frames', 3, 'box'], msg: 'x2 < x1' })).toBe('frames.3.box: x2 < x1');
    expect(describeValidationItem('odd')).toBe('odd');
  });
});

describe("reefscope's own error bodies", () => {
  it('lists the errors array of a request validation failure', () => {
    const e = describeError(
      api(422, {
        detail: 'invalid request: query.confidence: too big; query.iou: too small',
        errors: [
          { loc: ['query', 'confidence'], msg: 'too big', type: 'x' },
          { loc: ['query', 'iou'], msg: 'too small', type: 'y' },
        ],
      }),
    );
    expect(e.message).toBe('The server rejected the request: 2 problems.');
    expect(e.details).toEqual(['confidence (query parameter): too big', 'iou (query parameter): too small']);
  });

  it('keeps the message of an invalid input error and its one item', () => {
    const e = describeError(
      api(422, {
        detail: "unknown class 'boat' in class: expected one of car, bus",
        errors: [{ loc: ['query', 'class'], msg: 'expected one of car, bus', type: 'invalid_input' }],
      }),
    );
    expect(e.message).toBe("Unknown class 'boat' in class: expected one of car, bus.");
    expect(e.details).toEqual(['class (query parameter): expected one of car, bus']);
  });
});

describe('withAction', () => {
  it('lets a later describeError name what failed', async () => {
    const failure = withAction('load the segments', Promise.reject(new TypeError('Failed to fetch')));
    const error = await failure.catch((e: unknown) => e);
    expect(describeError(error).title).toBe('Could not load the segments');
    expect(describeError(error, 'do something else').title).toBe('Could not do something else');
  });
});
