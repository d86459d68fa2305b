import type { TaskRun } from '@/api/types'

/** After this long without an end, the page stops just spinning: it says what is going on and
 * offers to send the task again. Tasks take seconds; the server gives up on its own after
 * about two hours (docs/tasks.md), so this is the person's bound, not the server's. */
export const SLOW_AFTER_MS = 2 * 60_000

export const TASK_FINAL = new Set(['succeeded', 'failed'])

export interface TaskProgress {
  /** A sentence about what went wrong on the way, or null while all is well. */
  note: string | null
  /** Open for longer than SLOW_AFTER_MS: show the notice and the "send it again" action. */
  slow: boolean
}

export function describeTask(task: TaskRun | undefined, now = Date.now()): TaskProgress {
  if (!task || TASK_FINAL.has(task.status)) return { note: null, slow: false }
  const age = now - new Date(task.createdAt).getTime()
  const slow = Number.isFinite(age) && age > SLOW_AFTER_MS
  const resends = task.resends ?? 0
  const deliveries = task.deliveries ?? 0
  let note: string | null = null
  if (task.status === 'retrying') {
    note = `A temporary problem (${task.error ?? 'the service was busy'}); it will be tried again shortly.`
  } else if (task.stalled) {
    note = task.status === 'running'
      ? 'Its worker stopped responding; it is about to be sent to another one.'
      : 'No worker has taken it yet; it is about to be sent again.'
  } else if (resends > 0) {
    note = `It was sent again ${resends === 1 ? 'once' : `${resends} times`}: ${task.error ?? 'a worker stopped'}.`
  } else if (deliveries > 1) {
    note = `Started again (attempt ${deliveries}) after a worker stopped.`
  } else if (slow && task.status === 'queued') {
    note = 'No worker has taken it yet: they may be busy or restarting.'
  }
  if (slow && note === null) note = 'It is still working, longer than usual.'
  return { note, slow }
}
