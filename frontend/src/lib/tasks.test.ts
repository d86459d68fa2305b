import { describe, expect, it } from 'vitest'
import type { TaskRun } from '@/api/types'
import { describeTask, SLOW_AFTER_MS } from './tasks'

const created = '2025-03-01T10:00:00.000Z'
const t0 = new Date(created).getTime()

function task(over: Partial<TaskRun>): TaskRun {
  return { taskId: 't', kind: 'roadmap.generate', status: 'queued', createdAt: created, deliveries: 0, resends: 0, stalled: false, ...over } as TaskRun
}

describe('describeTask', () => {
  it('says nothing while a task runs normally', () => {
    expect(describeTask(task({ status: 'running', deliveries: 1 }), t0 + 5_000)).toEqual({ note: null, slow: false })
  })

  it('tells a stalled, a retried and a resent task apart', () => {
    expect(describeTask(task({ status: 'running', stalled: true }), t0).note).toMatch(/worker stopped responding/)
    expect(describeTask(task({ status: 'retrying', error: 'throttled' }), t0).note).toMatch(/temporary problem \(throttled\)/)
    expect(describeTask(task({ resends: 2, error: 'no worker took it within 60 s; sent again' }), t0).note).toBe(
      'It was sent again 2 times: no worker took it within 60 s; sent again.',
    )
    expect(describeTask(task({ status: 'running', deliveries: 2 }), t0).note).toMatch(/attempt 2/)
  })

  it('is slow after the bound, with words for it, and never once finished', () => {
    const later = t0 + SLOW_AFTER_MS + 1
    expect(describeTask(task({}), later)).toEqual({ note: 'No worker has taken it yet: they may be busy or restarting.', slow: true })
    expect(describeTask(task({ status: 'running', deliveries: 1 }), later).note).toMatch(/longer than usual/)
    expect(describeTask(task({ status: 'failed' }), later)).toEqual({ note: null, slow: false })
  })
})
