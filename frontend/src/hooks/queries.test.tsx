import type * as React from 'react'
import { act, renderHook } from '@testing-library/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi, signedIn } from '@/test/utils'
import { useResume, useTask } from './queries'

function wrapper({ children }: { children: React.ReactNode }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>
}

afterEach(() => {
  vi.useRealTimers()
})

describe('polling hooks', () => {
  it('polls a resume while it is analysed and stops when it is done', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] })
    signedIn()
    const statuses = ['queued', 'extracting', 'done']
    const { calls } = fakeApi({
      'GET /api/resume/r1': () => ({ resumeId: 'r1', versionNumber: 1, status: statuses.shift() ?? 'done' }),
      'GET /api/resume': () => ({ items: [] }),
      'GET /api/jobs': () => ({ items: [], total: 0, page: 1, pageSize: 20 }),
    })
    const { result } = renderHook(() => useResume('r1'), { wrapper })
    await vi.waitFor(() => expect(result.current.data?.status).toBe('queued'))
    await act(() => vi.advanceTimersByTimeAsync(1000))
    await vi.waitFor(() => expect(result.current.data?.status).toBe('extracting'))
    await act(() => vi.advanceTimersByTimeAsync(1000))
    await vi.waitFor(() => expect(result.current.data?.status).toBe('done'))
    await act(() => vi.advanceTimersByTimeAsync(5000))
    expect(calls.filter((c) => c.path === '/api/resume/r1')).toHaveLength(3)
  })

  it('a new version that finishes becomes the latest view of its resume', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] })
    signedIn()
    let v2 = 'queued'
    fakeApi({
      // The latest view answers version 1 until version 2 is analysed.
      'GET /api/resume/r1': (req) =>
        req.search === '?version=2'
          ? { resumeId: 'r1', versionNumber: 2, status: v2 }
          : v2 === 'done'
            ? { resumeId: 'r1', versionNumber: 2, status: 'done', atsScore: 76 }
            : { resumeId: 'r1', versionNumber: 1, status: 'done', atsScore: 74 },
      'GET /api/resume': () => ({ items: [] }),
      'GET /api/jobs': () => ({ items: [], total: 0, page: 1, pageSize: 20 }),
    })
    const { result } = renderHook(() => ({ latest: useResume('r1'), uploaded: useResume('r1', 2) }), { wrapper })
    await vi.waitFor(() => expect(result.current.latest.data?.atsScore).toBe(74))
    await vi.waitFor(() => expect(result.current.uploaded.data?.status).toBe('queued'))
    v2 = 'done'
    await act(() => vi.advanceTimersByTimeAsync(1000))
    await vi.waitFor(() => expect(result.current.uploaded.data?.status).toBe('done'))
    await vi.waitFor(() => expect(result.current.latest.data?.versionNumber).toBe(2))
    expect(result.current.latest.data?.atsScore).toBe(76)
  })

  it('follows a task run until it succeeds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] })
    signedIn()
    const states = ['queued', 'running', 'succeeded']
    const { calls } = fakeApi({
      'GET /api/tasks/t1': () => ({ taskId: 't1', kind: 'roadmap.generate', status: states.shift() ?? 'succeeded', createdAt: 'now', result: { ok: true } }),
    })
    const { result } = renderHook(() => useTask('t1'), { wrapper })
    for (const s of ['queued', 'running', 'succeeded']) {
      await vi.waitFor(() => expect(result.current.data?.status).toBe(s))
      await act(() => vi.advanceTimersByTimeAsync(1000))
    }
    await act(() => vi.advanceTimersByTimeAsync(5000))
    expect(calls).toHaveLength(3)
    expect(result.current.data?.result).toEqual({ ok: true })
  })
})
