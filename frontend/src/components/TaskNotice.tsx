import * as React from 'react'
import { AlertTriangle, Loader2, RefreshCw } from 'lucide-react'
import { describeError } from '@/api/errors'
import type { TaskRun } from '@/api/types'
import { Button } from '@/components/ui/button'
import { useResendTask } from '@/hooks/queries'
import { describeTask } from '@/lib/tasks'

/** Re-evaluates the time-based parts of a task's description every few seconds. */
function useNow(everyMs = 5_000): number {
  const [now, setNow] = React.useState(() => Date.now())
  React.useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs)
    return () => window.clearInterval(id)
  }, [everyMs])
  return now
}

/** What went wrong on the way to a result (a retry, a worker that stopped, a resend) and, once
 * a task has taken far longer than it should, a way to send it again. Renders nothing while
 * all is well. */
export function TaskNotice({ task }: { task: TaskRun | undefined }) {
  const { note, slow } = describeTask(task, useNow())
  const resend = useResendTask()
  if (!task || !note) return null
  return (
    <div role="status" className="mt-3 flex flex-col gap-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 sm:flex-row sm:items-center">
      <AlertTriangle aria-hidden="true" className="size-4 shrink-0" />
      <p className="flex-1">
        {note}
        {resend.isError ? <span className="block text-red-800">{describeError(resend.error)}</span> : null}
        {resend.isSuccess ? <span className="block">Sent again.</span> : null}
      </p>
      {slow ? (
        <Button
          size="sm"
          variant="outline"
          className="border-amber-300 bg-white"
          onClick={() => resend.mutate(task.taskId)}
          disabled={resend.isPending || resend.isSuccess}
        >
          {resend.isPending ? <Loader2 className="animate-spin" /> : <RefreshCw />} Send it again
        </Button>
      ) : null}
    </div>
  )
}

/** A card for work in progress: a spinner while it runs as it should, a warning sign once it
 * has taken too long, and the task's own notice. */
export function TaskWaiting({ title, detail, task }: { title: React.ReactNode; detail: React.ReactNode; task: TaskRun | undefined }) {
  const { slow } = describeTask(task, useNow())
  return (
    <div className="p-6">
      <div className="flex items-center gap-3" role="status">
        {slow ? (
          <AlertTriangle className="size-5 text-amber-600" aria-hidden="true" />
        ) : (
          <Loader2 className="size-5 animate-spin text-primary" aria-hidden="true" />
        )}
        <div>
          <p className="font-medium">{title}</p>
          <p className="text-sm text-muted-foreground">{slow ? 'This is taking much longer than it should.' : detail}</p>
        </div>
      </div>
      <TaskNotice task={task} />
    </div>
  )
}
