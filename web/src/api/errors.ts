// One place that turns any failure (network, HTTP 4xx with FastAPI's
// {"detail": ...}, validation error lists, 5xx, bad JSON) into words for the
// user. Components never format errors themselves.

/** A non-2xx answer from the API, with its parsed body. */
export class ApiError extends Error {
  readonly status: number;
  readonly statusText: string;
  readonly body: unknown;
  readonly url: string;

  constructor(status: number, statusText: string, body: unknown, url: string) {
    super(`HTTP ${status} ${statusText} from ${url}`);
    this.name = 'ApiError';
    this.status = status;
    this.statusText = statusText;
    this.body = body;
    this.url = url;
  }
}

export type ErrorKind = 'network' | 'not_found' | 'validation' | 'auth' | 'client' | 'server' | 'bad_response' | 'aborted' | 'unknown';

export interface UserFacingError {
  readonly kind: ErrorKind;
  /** "Could not load the metrics". */
  readonly title: string;
  /** One or two sentences on what went wrong. */
  readonly message: string;
  /** Every problem the server listed (validation errors), one per line. */
  readonly details: readonly string[];
  readonly status: number | null;
  /** Whether trying the same request again may help. */
  readonly retryable: boolean;
}

interface ValidationItem {
  loc?: unknown;
  msg?: unknown;
}

const LOCATION_WORDS: Record<string, string> = {
  query: 'query parameter',
  path: 'path',
  body: 'request body',
  header: 'header',
  cookie: 'cookie',
};

/** "confidence (query parameter): Input should be less than or equal to 1". */
export function describeValidationItem(item: unknown): string {
  if (typeof item !== 'object' || item === null) return String(item);
  const { loc, msg } = item as ValidationItem;
  const message = typeof msg === 'string' ? msg : JSON.stringify(msg);
  if (!Array.isArray(loc) || loc.length === 0) return message;
  const [where, ...field] = loc.map(String);
  const place = LOCATION_WORDS[where ?? ''];
  if (place === undefined) return `${loc.map(String).join('.')}: ${message}`;
  if (field.length === 0) return `${place}: ${message}`;
  return `${field.join('.')} (${place}): ${message}`;
}

/**
 * The server's words: FastAPI's {"detail": "..."} or {"detail": [items]}, and
 * reefscope's {"detail": "...", "errors": [items]} for validation failures.
 */
function detailOf(body: unknown): { text: string | null; items: string[] } {
  if (typeof body === 'string') {
    const trimmed = body.trim();
    // An HTML error page says nothing useful in a panel.
    return { text: trimmed && !trimmed.startsWith('<') ? trimmed.slice(0, 300) : null, items: [] };
  }
  if (typeof body !== 'object' || body === null) return { text: null, items: [] };
  const { detail, errors } = body as { detail?: unknown; errors?: unknown };
  const items = Array.isArray(errors) ? errors.map(describeValidationItem) : [];
  if (typeof detail === 'string') return { text: detail, items };
  if (Array.isArray(detail)) return { text: null, items: [...detail.map(describeValidationItem), ...items] };
  if (detail !== null && detail !== undefined) return { text: JSON.stringify(detail), items };
  return { text: null, items };
}

/** The server's words as a sentence: capitalised, with a full stop. */
function sentence(text: string): string {
  const trimmed = text.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

function describeApiError(error: ApiError, title: string): UserFacingError {
  const { status } = error;
  const { text, items } = detailOf(error.body);
  const base = { title, status, details: items };
  if (status === 404) {
    return { ...base, kind: 'not_found', message: sentence(text ?? 'The server has no such item'), retryable: false };
  }
  if (status === 422 || (status === 400 && items.length > 0)) {
    const count = items.length;
    // A one-line summary of several problems reads worse than the list itself.
    const useText = text !== null && (count <= 1 || !text.startsWith('invalid request'));
    const message = useText
      ? sentence(text)
      : count === 1
        ? 'The server rejected the request: 1 problem.'
        : `The server rejected the request: ${count} problems.`;
    return { ...base, kind: 'validation', message, retryable: false };
  }
  if (status === 401 || status === 403) {
    const why = text ? ` ${sentence(text)}` : '';
    return {
      ...base,
      kind: 'auth',
      message: `The server refused this action (${status}).${why} Write actions may need the server's API key (REEFSCOPE_API_KEY).`,
      retryable: false,
    };
  }
  if (status >= 500) {
    const unavailable = status === 502 || status === 503 || status === 504;
    const label = `${status} ${error.statusText}`.trim();
    const what = unavailable
      ? `The server is unavailable (${label}). It may be restarting.`
      : `The server failed while answering (${label}).`;
    return {
      ...base,
      kind: 'server',
      message: text ? `${what} ${sentence(text)}` : what,
      retryable: true,
    };
  }
  return {
    ...base,
    kind: 'client',
    message: sentence(text ?? `The server answered ${status} ${error.statusText}`.trim()),
    retryable: status === 408 || status === 429,
  };
}

const ACTION = Symbol('reefscope.action');

/**
 * Tags a failure of `promise` with what was being done ("load the metrics"),
 * so whoever shows the error later can say what failed without knowing the query.
 */
export function withAction<T>(action: string | undefined, promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    if (action !== undefined && typeof error === 'object' && error !== null && !(ACTION in error)) {
      Object.defineProperty(error, ACTION, { value: action });
    }
    throw error;
  });
}

function actionOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !(ACTION in error)) return undefined;
  return (error as { [ACTION]: string })[ACTION];
}

/**
 * Words for any failure. `action` names what was being done, e.g. "load the
 * metrics", and becomes the title "Could not load the metrics".
 */
export function describeError(error: unknown, action?: string): UserFacingError {
  const title = `Could not ${action ?? actionOf(error) ?? 'complete the request'}`;
  if (error instanceof ApiError) return describeApiError(error, title);
  if (error instanceof DOMException && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    const timedOut = error.name === 'TimeoutError';
    return {
      kind: 'aborted',
      title,
      message: timedOut ? 'The server took too long to answer.' : 'The request was cancelled.',
      details: [],
      status: null,
      retryable: true,
    };
  }
  if (error instanceof TypeError) {
    // fetch() rejects with a TypeError when the server cannot be reached.
    return {
      kind: 'network',
      title,
      message:
        'The reefscope server could not be reached. Check that it is running (reefscope serve) and that this page was opened from it.',
      details: [error.message],
      status: null,
      retryable: true,
    };
  }
  if (error instanceof SyntaxError) {
    return {
      kind: 'bad_response',
      title,
      message: 'The server answered with something that is not JSON; is /api served by reefscope?',
      details: [error.message],
      status: null,
      retryable: true,
    };
  }
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'An unexpected error occurred.';
  return { kind: 'unknown', title, message: sentence(message), details: [], status: null, retryable: true };
}
