import createClient from 'openapi-fetch'
import type { paths } from './schema'
import { authFetch } from './http'
import { errorFromBody } from './errors'

/** The typed client generated from the API's OpenAPI document. */
export const client = createClient<paths>({
  baseUrl: typeof location === 'undefined' ? 'http://localhost' : location.origin,
  fetch: authFetch,
})

/** Unwraps an openapi-fetch result: the data, or an ApiError in the API's words. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call
  if (!response.ok) throw errorFromBody(response.status, error, response.headers.get('Retry-After'))
  return data as T
}
