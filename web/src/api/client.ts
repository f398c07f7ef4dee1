// The typed HTTP client. Types come from schema.gen.ts, generated from the
// server's OpenAPI schema (npm run generate-client); a call to a path or with
// parameters the schema lacks does not compile.

import createClient from 'openapi-fetch';
import { ApiError } from './errors';
import type { paths } from './schema.gen';

/** Same origin: the API process serves this app at "/" and the API at "/api/". */
export const api = createClient<paths>({ baseUrl: '' });

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call; throws ApiError for any non-2xx answer. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) {
    throw new ApiError(response.status, response.statusText, error, response.url);
  }
  return data as T;
}
