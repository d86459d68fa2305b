import type * as React from 'react'
import { render, screen } from '@testing-library/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { MemoryRouter, Route, Routes } from 'react-router-dom'
import { expect, vi } from 'vitest'
import { AuthProvider } from '@/auth/AuthProvider'
import { setSession, type Session } from '@/auth/session'
import { Toaster } from '@/components/ui/toast'

export interface Call {
  method: string
  path: string
  search: string
  headers: Headers
  body: unknown
}

type Handler = (call: Call) => Response | Promise<Response> | unknown

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

export function apiError(status: number, code: string, message: string, details: unknown = null): Response {
  return json({ error: { code, message, details } }, status)
}

export const CONFIG = {
  authMode: 'local',
  issuer: 'http://localhost/auth',
  clientId: 'career-agent-web',
  region: 'us-east-1',
  cognitoDomain: null,
  gmailConfigured: false,
  llm: 'local',
  maxUploadBytes: 5 * 1024 * 1024,
}

/**
 * Replaces fetch with a small in-memory API: handlers keyed "METHOD /path" answer; anything
 * else answers 404 in the API's error shape. Returns the calls made, for assertions.
 */
export function fakeApi(handlers: Record<string, Handler>) {
  const calls: Call[] = []
  const all: Record<string, Handler> = { 'GET /api/config': () => CONFIG, ...handlers }
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(new URL(String(input), 'http://localhost'), init)
    const url = new URL(req.url)
    const text = await req.text()
    let body: unknown
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      body = text
    }
    const call = { method: req.method, path: url.pathname, search: url.search, headers: req.headers, body }
    calls.push(call)
    const handler = all[`${req.method} ${url.pathname}`]
    if (!handler) return apiError(404, 'not_found', 'no such endpoint')
    const out = await handler(call)
    return out instanceof Response ? out : json(out)
  })
  vi.stubGlobal('fetch', fetchMock)
  return { calls, fetchMock }
}

/**
 * Uploads go through XMLHttpRequest, for their progress: this answers each one with `status` and
 * `body` (or what `body` returns for the form sent) once it reports the whole file sent.
 */
export function fakeUpload(status: number, body: unknown | ((form: FormData) => unknown)) {
  const sent: FormData[] = []
  class FakeXhr {
    status = status
    responseText = ''
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null }
    onload: (() => void) | null = null
    onerror: (() => void) | null = null
    open() {}
    setRequestHeader() {}
    getResponseHeader() {
      return null
    }
    send(form: FormData) {
      sent.push(form)
      setTimeout(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 1, total: 1 })
        this.responseText = JSON.stringify(typeof body === 'function' ? body(form) : body)
        this.onload?.()
      }, 0)
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr)
  return sent
}

export function signedIn(overrides: Partial<Session> = {}): Session {
  const s: Session = {
    accessToken: 'access-1',
    idToken: 'id-1',
    expiresAt: Date.now() + 3600_000,
    mode: 'local',
    ...overrides,
  }
  setSession(s)
  return s
}

export function renderApp(
  ui: React.ReactElement,
  { route = '/', path = '/', extraRoutes }: { route?: string; path?: string; extraRoutes?: React.ReactNode } = {},
) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[route]}>
        <AuthProvider>
          <Routes>
            <Route path={path} element={ui} />
            {extraRoutes}
          </Routes>
          <Toaster />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

/**
 * Checks that a sentence flows as inline text. In a flex or grid container every text run and
 * every <strong> becomes its own item, so the sentence is laid out in columns: the innermost
 * element holding the whole sentence must not be such a container.
 */
export function expectInlineSentence(text: string) {
  const holders = screen.getAllByText((_, el) => el?.textContent?.replace(/\s+/g, ' ').trim() === text)
  const innermost = holders.find((el) => !holders.some((other) => other !== el && el.contains(other)))!
  const display = innermost.className.split(/\s+/).filter((c) => ['flex', 'inline-flex', 'grid', 'inline-grid'].includes(c))
  expect(display, `“${text}” is laid out by a ${display.join(' ')} container`).toEqual([])
}
