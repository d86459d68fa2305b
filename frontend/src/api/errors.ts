import { plural } from '@/lib/format'

/** An error answered by the API in its one shape: {"error": {"code", "message", "details"}}. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown
  readonly retryAfter: number | null

  constructor(status: number, code: string, message: string, details?: unknown, retryAfter?: number | null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details ?? null
    this.retryAfter = retryAfter ?? null
  }
}

/** The request never reached the API (offline, server down, blocked). */
export class NetworkError extends Error {
  constructor(message = 'Could not reach Career Agent. Check your connection and try again.') {
    super(message)
    this.name = 'NetworkError'
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

const FALLBACK: Record<number, string> = {
  400: 'The request was not understood.',
  401: 'Your session has ended. Please sign in again.',
  403: 'You are not allowed to do that.',
  404: 'We could not find that. It may have been deleted.',
  409: 'This changed somewhere else meanwhile. Reload and try again.',
  413: 'That file is too large.',
  415: 'That kind of file is not supported.',
  422: 'Some of the information is not valid.',
  429: 'Too many requests. Wait a moment and try again.',
  500: 'Something went wrong on our side. Try again in a moment.',
  502: 'The server is restarting. Try again in a moment.',
  503: 'This service is not available right now.',
}

/** Builds an ApiError from a parsed body; tolerates bodies that are not in the error shape. */
export function errorFromBody(status: number, body: unknown, retryAfterHeader?: string | null): ApiError {
  const retry = Number(retryAfterHeader)
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null
  if (isRecord(body) && isRecord(body.error)) {
    const e = body.error
    return new ApiError(
      status,
      typeof e.code === 'string' ? e.code : 'error',
      typeof e.message === 'string' && e.message ? e.message : (FALLBACK[status] ?? 'Request failed.'),
      e.details,
      retryAfter,
    )
  }
  if (isRecord(body) && typeof body.detail === 'string') {
    return new ApiError(status, 'error', body.detail, null, retryAfter)
  }
  return new ApiError(status, 'error', FALLBACK[status] ?? `Request failed (${status}).`, null, retryAfter)
}

export async function errorFromResponse(response: Response): Promise<ApiError> {
  let body: unknown
  try {
    const text = await response.text()
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  return errorFromBody(response.status, body, response.headers.get('Retry-After'))
}

function capitalise(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s
}

/** A wait in the unit a person thinks in: seconds, then whole minutes (rounded up). */
export function waitWords(seconds: number): string {
  if (seconds < 90) return plural(Math.ceil(seconds), 'second')
  return plural(Math.ceil(seconds / 60), 'minute')
}

/** One readable sentence (or a few) for any error: what went wrong and, where we know, what to do. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    let text = capitalise(error.message.trim())
    if (!/[.!?]$/.test(text)) text += '.'
    if (error.status === 429 && error.retryAfter) {
      // Say when once: the server's own sentence may already say it, or say only "later".
      const when = `in ${waitWords(error.retryAfter)}`
      if (/try again later/i.test(text)) text = text.replace(/(try again) later/i, `$1 ${when}`)
      else if (!/try again in /i.test(text)) text += ` Try again ${when}.`
    }
    if (Array.isArray(error.details) && error.details.length > 1) {
      const more = error.details
        .slice(1, 4)
        .filter(isRecord)
        .map((d) => `${typeof d.field === 'string' && d.field ? `${d.field}: ` : ''}${String(d.reason ?? '')}`)
        .filter(Boolean)
      if (more.length) text += ` Also: ${more.join('; ')}.`
    }
    return text
  }
  if (error instanceof NetworkError) return error.message
  if (error instanceof Error && error.message) return capitalise(error.message)
  return 'Something unexpected happened. Try again.'
}

/** The field an API validation error points at, if any (to mark the input invalid). */
export function errorField(error: unknown): string | null {
  if (!(error instanceof ApiError)) return null
  const d = error.details
  if (Array.isArray(d) && isRecord(d[0]) && typeof d[0].field === 'string') return d[0].field
  if (isRecord(d) && typeof d.field === 'string') return d.field
  return null
}
