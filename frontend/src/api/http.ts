import { getSession, refreshSession, REFRESH_MARGIN_MS } from '@/auth/session'
import { NetworkError, errorFromResponse } from './errors'

async function send(request: Request, token: string | undefined): Promise<Response> {
  const req = request.clone()
  if (token) req.headers.set('Authorization', `Bearer ${token}`)
  try {
    return await fetch(req)
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new NetworkError()
  }
}

/**
 * fetch with the signed-in user's token: renews the token shortly before it expires, and
 * when the API still answers 401, renews once and retries the request once.
 */
export async function authFetch(request: Request): Promise<Response> {
  let session = getSession()
  if (session && session.expiresAt - Date.now() < REFRESH_MARGIN_MS / 2) {
    session = await refreshSession().catch(() => getSession())
  }
  const response = await send(request, session?.accessToken)
  if (response.status !== 401 || !session) return response
  const renewed = await refreshSession().catch(() => null)
  if (!renewed || renewed.accessToken === session.accessToken) return response
  return send(request, renewed.accessToken)
}

type Query = Record<string, string | number | boolean | null | undefined | string[]>

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) v.forEach((item) => params.append(k, item))
    else params.set(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  signal?: AbortSignal
}

/** A JSON request to the API; resolves to the parsed body, rejects with ApiError/NetworkError. */
export async function http<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } }
  if (options.signal) init.signal = options.signal
  if (options.body instanceof FormData) {
    init.body = options.body
  } else if (options.body !== undefined) {
    init.body = JSON.stringify(options.body)
    init.headers = { ...init.headers, 'Content-Type': 'application/json' }
  }
  const response = await authFetch(new Request(new URL(withQuery(path, options.query), location.origin), init))
  if (!response.ok) throw await errorFromResponse(response)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** Downloads a file from the API with the user's token and hands it to the browser. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const response = await authFetch(new Request(new URL(path, location.origin)))
  if (!response.ok) throw await errorFromResponse(response)
  const disposition = response.headers.get('Content-Disposition') ?? ''
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)
  const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName
  const blob = await response.blob()
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

export interface UploadProgress {
  loaded: number
  total: number
}

/** A multipart upload with progress events (fetch cannot report upload progress). */
export async function upload<T>(
  path: string,
  form: FormData,
  onProgress?: (p: UploadProgress) => void,
): Promise<T> {
  let session = getSession()
  if (session && session.expiresAt - Date.now() < REFRESH_MARGIN_MS / 2) {
    session = await refreshSession().catch(() => getSession())
  }
  const attempt = (token: string | undefined) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', path)
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
      xhr.setRequestHeader('Accept', 'application/json')
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress?.({ loaded: e.loaded, total: e.total })
      }
      xhr.onerror = () => reject(new NetworkError())
      xhr.onload = () => {
        const headers = new Headers()
        const retry = xhr.getResponseHeader('Retry-After')
        if (retry) headers.set('Retry-After', retry)
        resolve(new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers }))
      }
      xhr.send(form)
    })
  let response = await attempt(session?.accessToken)
  if (response.status === 401 && session) {
    const renewed = await refreshSession().catch(() => null)
    if (renewed) response = await attempt(renewed.accessToken)
  }
  if (!response.ok) throw await errorFromResponse(response)
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}
