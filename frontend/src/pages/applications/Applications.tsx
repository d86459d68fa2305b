import * as React from 'react'
import { useSearchParams } from 'react-router-dom'
import { ExternalLink, History, KanbanSquare, Loader2, Plus, Table2, Trash2, Undo2 } from 'lucide-react'
import { useMutation } from '@tanstack/react-query'
import { api } from '@/api/endpoints'
import { describeError } from '@/api/errors'
import { APPLICATION_STATUSES, type Application, type ApplicationStatus, type HistoryEntry } from '@/api/types'
import { InterviewList } from '@/components/interviews/InterviewCard'
import { ConfirmDialog } from '@/components/ConfirmDialog'
import { EmptyState, ErrorState, LoadingRows, PageHeader } from '@/components/states'
import { ChoiceField, Field, FormError } from '@/components/field'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { Textarea } from '@/components/ui/input'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@/components/ui/tabs'
import { toast } from '@/components/ui/toast'
import {
  useApplications,
  useCreateApplication,
  useCreateInterview,
  useDeleteApplication,
  useInterviews,
  useInvalidateTracker,
  useMoveApplication,
  useUpdateApplication,
} from '@/hooks/queries'
import { formatDate, formatDateTime, titleCase } from '@/lib/format'
import { cn } from '@/lib/utils'
import { STATUS_STYLE } from './status'

function StatusSelect({ app, onMove, id }: { app: Application; onMove: (s: ApplicationStatus) => void; id?: string }) {
  return (
    <NativeSelect
      id={id}
      aria-label={`Status of ${app.title} at ${app.company}`}
      value={app.status}
      onChange={(e) => onMove(e.target.value as ApplicationStatus)}
      className="h-8 text-xs"
    >
      {APPLICATION_STATUSES.map((s) => (
        <option key={s} value={s}>
          {titleCase(s)}
        </option>
      ))}
    </NativeSelect>
  )
}

function causeText(cause: HistoryEntry['cause']): string {
  const kind = typeof cause === 'string' ? cause : cause?.type
  if (typeof cause === 'object' && cause?.undoOf) return 'undone by you'
  if (!kind || kind === 'user') return 'by you'
  if (kind.startsWith('email')) {
    if (typeof cause === 'object' && cause?.subject) {
      return `from the email “${cause.subject}”${cause.sender ? ` from ${cause.sender}` : ''}${cause.receivedAt ? ` (${formatDate(cause.receivedAt)})` : ''}`
    }
    return 'from an email in your inbox'
  }
  return kind
}

function UndoMove({ app, entry }: { app: Application; entry: HistoryEntry }) {
  const refresh = useInvalidateTracker()
  const undo = useMutation({
    mutationFn: () => api.applications.undoMove(app.applicationId, entry.entryId ?? ''),
    onSuccess: async () => {
      await refresh()
      toast({ title: `Back to ${titleCase(entry.from ?? '')}`, variant: 'success' })
    },
    onError: (e) => toast({ title: 'Could not undo', description: describeError(e), variant: 'error' }),
  })
  return (
    <Button size="sm" variant="ghost" className="h-7 px-2" onClick={() => undo.mutate()} disabled={undo.isPending}>
      <Undo2 /> Undo
    </Button>
  )
}

const INTERVIEW_KINDS = ['video', 'phone', 'onsite', 'technical', 'other'] as const

/** The browser's own time zone: the time typed is a wall-clock time there. */
function browserZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined
  } catch {
    return undefined
  }
}

function AddInterviewForm({ app, onDone }: { app: Application; onDone: () => void }) {
  const create = useCreateInterview()
  const [error, setError] = React.useState<string | null>(null)
  return (
    <form
      className="grid gap-3 rounded-md border p-3"
      aria-label="Add an interview"
      onSubmit={(e) => {
        e.preventDefault()
        const d = new FormData(e.currentTarget)
        const when = String(d.get('startsAt') ?? '')
        if (!when) {
          setError('Enter the day and time of the interview.')
          return
        }
        const link = String(d.get('meetingUrl') ?? '').trim()
        setError(null)
        create.mutate(
          {
            applicationId: app.applicationId,
            company: app.company,
            role: app.title ?? null,
            startsAt: when.length === 16 ? `${when}:00` : when,
            timeZone: browserZone() ?? null,
            kind: d.get('kind') as (typeof INTERVIEW_KINDS)[number],
            ...(link ? { meetingUrl: link } : {}),
          },
          { onSuccess: onDone, onError: (err) => setError(describeError(err)) },
        )
      }}
    >
      <FormError message={error} />
      <Field label="Day and time" name="startsAt" type="datetime-local" required hint="In your own time zone." />
      <ChoiceField label="Kind" name="kind" choices={INTERVIEW_KINDS} defaultValue="video" />
      <Field label="Meeting link (optional)" name="meetingUrl" type="url" placeholder="https://…" />
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={create.isPending}>
          {create.isPending ? <Loader2 className="animate-spin" /> : null} Add interview
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  )
}

function ApplicationInterviews({ app }: { app: Application }) {
  const interviews = useInterviews()
  const [adding, setAdding] = React.useState(false)
  const mine = (interviews.data ?? []).filter((i) => i.applicationId === app.applicationId)
  return (
    <div className="grid gap-2">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold">Interviews</h3>
        {adding ? null : (
          <Button size="sm" variant="outline" className="h-7" onClick={() => setAdding(true)}>
            <Plus /> Add interview
          </Button>
        )}
      </div>
      {adding ? <AddInterviewForm app={app} onDone={() => setAdding(false)} /> : null}
      {mine.length ? (
        <InterviewList interviews={mine} label="Interviews" compact className="grid gap-2" />
      ) : adding ? null : (
        <p className="text-sm text-muted-foreground">None yet. Add one when it is scheduled.</p>
      )}
    </div>
  )
}

function DetailDialog({ app, onClose }: { app: Application | null; onClose: () => void }) {
  const update = useUpdateApplication()
  const remove = useDeleteApplication()
  const [notes, setNotes] = React.useState(app?.notes ?? '')
  const [confirming, setConfirming] = React.useState(false)
  // Another application, or a fresh copy of this one: show its notes.
  const [shown, setShown] = React.useState(app)
  if (app !== shown) {
    setShown(app)
    setNotes(app?.notes ?? '')
    if (app?.applicationId !== shown?.applicationId) setConfirming(false)
  }
  if (!app) return null
  const history = [...(app.history ?? [])].sort((a, b) => b.at.localeCompare(a.at))
  return (
    <>
      <Dialog open onOpenChange={(o) => !o && onClose()}>
        <DialogContent className="max-w-xl">
          <DialogHeader>
            <DialogTitle>{app.title}</DialogTitle>
            <DialogDescription>
              {app.company}
              {app.appliedAt ? ` · applied ${formatDate(app.appliedAt)}` : ''}
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-4">
            <div className="flex flex-wrap items-center gap-2">
              <Badge variant={STATUS_STYLE[app.status].badge}>{titleCase(app.status)}</Badge>
              {app.url ? (
                <a href={app.url} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-sm text-primary hover:underline">
                  Posting <ExternalLink className="size-3.5" aria-hidden="true" />
                </a>
              ) : null}
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="notes">Notes</Label>
              <Textarea id="notes" value={notes} onChange={(e) => setNotes(e.target.value)} placeholder="Contacts, next steps, questions to ask…" />
              <Button
                size="sm"
                variant="outline"
                className="w-fit"
                disabled={notes === (app.notes ?? '') || update.isPending}
                onClick={() => update.mutate({ id: app.applicationId, notes })}
              >
                {update.isPending ? <Loader2 className="animate-spin" /> : null} Save notes
              </Button>
            </div>
            <ApplicationInterviews app={app} />
            <div>
              <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold">
                <History className="size-4" aria-hidden="true" /> History
              </h3>
              {history.length ? (
                <ol className="grid gap-2 border-l pl-4" aria-label="Status history">
                  {history.map((h, i) => (
                    <li key={i} className="relative text-sm">
                      <span aria-hidden="true" className={cn('absolute -left-[21px] top-1.5 size-2.5 rounded-full ring-2 ring-white', STATUS_STYLE[h.to].dot)} />
                      <span className="font-medium">{h.from ? `${titleCase(h.from)} → ` : ''}{titleCase(h.to)}</span>{' '}
                      <span className={cn('text-muted-foreground', h.undone && 'line-through')}>
                        {causeText(h.cause)} · {formatDateTime(h.at)}
                      </span>
                      {h.cause?.type === 'email' && h.from && !h.undone && h.to === app.status && h.entryId ? <UndoMove app={app} entry={h} /> : null}
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="text-sm text-muted-foreground">No changes yet.</p>
              )}
            </div>
          </div>
          <DialogFooter className="sm:justify-between">
            <Button
              variant="ghost"
              className="text-destructive hover:bg-red-50 hover:text-destructive"
              onClick={() => setConfirming(true)}
            >
              <Trash2 /> Remove from tracker
            </Button>
            <DialogClose asChild>
              <Button variant="outline">Close</Button>
            </DialogClose>
          </DialogFooter>
        </DialogContent>
      </Dialog>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Remove this application?"
        description={`“${app.title}” at ${app.company} is removed from your tracker, with its notes and status history. This cannot be undone.`}
        confirmLabel="Remove"
        cancelLabel="Keep it"
        icon={Trash2}
        pending={remove.isPending}
        onConfirm={() =>
          remove.mutate(app.applicationId, {
            onSuccess: () => {
              setConfirming(false)
              onClose()
            },
          })
        }
      />
    </>
  )
}

function AddDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  const create = useCreateApplication()
  const [error, setError] = React.useState<string | null>(null)
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add an application</DialogTitle>
          <DialogDescription>For a job you found somewhere else.</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault()
            const d = new FormData(e.currentTarget)
            const company = String(d.get('company') ?? '').trim()
            const title = String(d.get('title') ?? '').trim()
            const url = String(d.get('url') ?? '').trim()
            if (!company || !title) {
              setError('Enter the company and the job title.')
              return
            }
            setError(null)
            create.mutate(
              { company, title, ...(url ? { url } : {}), status: d.get('status') as ApplicationStatus },
              { onSuccess: () => onOpenChange(false), onError: (err) => setError(describeError(err)) },
            )
          }}
        >
          <FormError message={error} />
          <Field label="Company" name="company" required maxLength={200} />
          <Field label="Job title" name="title" required maxLength={300} />
          <Field label="Link to the posting" name="url" type="url" placeholder="https://…" />
          <ChoiceField label="Status" name="status" choices={APPLICATION_STATUSES} defaultValue="applied" />
          <DialogFooter>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? <Loader2 className="animate-spin" /> : <Plus />} Add
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  )
}

function Board({ apps, onOpen, onMove }: { apps: Application[]; onOpen: (a: Application) => void; onMove: (id: string, s: ApplicationStatus) => void }) {
  const [over, setOver] = React.useState<ApplicationStatus | null>(null)
  // A card moved with its status menu lands in another column as a new element: the menu there
  // takes the focus, so a keyboard user carries on where the card went.
  const follow = React.useRef<string | null>(null)
  React.useEffect(() => {
    const id = follow.current
    if (!id) return
    const select = document.querySelector<HTMLSelectElement>(`[data-application-id="${CSS.escape(id)}"] select`)
    if (select && document.activeElement !== select) {
      select.focus()
      follow.current = null
    }
  }, [apps])
  return (
    <div className="-mx-4 overflow-x-auto px-4 pb-4 sm:mx-0 sm:px-0">
      <div className="grid min-w-max auto-cols-[minmax(14rem,1fr)] grid-flow-col gap-3">
        {APPLICATION_STATUSES.map((status) => {
          const items = apps.filter((a) => a.status === status)
          return (
            <section
              key={status}
              aria-label={`${titleCase(status)}: ${items.length}`}
              data-status={status}
              onDragOver={(e) => {
                e.preventDefault()
                e.dataTransfer.dropEffect = 'move'
                setOver(status)
              }}
              onDragLeave={() => setOver((o) => (o === status ? null : o))}
              onDrop={(e) => {
                e.preventDefault()
                setOver(null)
                const id = e.dataTransfer.getData('text/plain')
                if (id) onMove(id, status)
              }}
              className={cn('flex min-h-64 flex-col gap-2 rounded-lg border bg-slate-50 p-2 transition-colors', over === status && 'border-primary bg-accent')}
            >
              <h2 className="flex items-center gap-2 px-1 pt-1 text-sm font-semibold">
                <span aria-hidden="true" className={cn('size-2 rounded-full', STATUS_STYLE[status].dot)} />
                {titleCase(status)}
                <span className="ml-auto text-xs font-normal text-muted-foreground tabular-nums">{items.length}</span>
              </h2>
              <ul className="grid gap-2">
                {items.map((a) => (
                  <li
                    key={a.applicationId}
                    draggable
                    onDragStart={(e) => {
                      e.dataTransfer.setData('text/plain', a.applicationId)
                      e.dataTransfer.effectAllowed = 'move'
                    }}
                    className="cursor-grab rounded-md border bg-white p-3 shadow-xs active:cursor-grabbing"
                    data-testid="application-card"
                    data-application-id={a.applicationId}
                  >
                    <button type="button" onClick={() => onOpen(a)} className="block w-full text-left cursor-pointer">
                      <span className="block text-sm font-medium leading-snug hover:text-primary">{a.title}</span>
                      <span className="block text-xs text-muted-foreground">{a.company}</span>
                    </button>
                    <div className="mt-2">
                      <StatusSelect
                        app={a}
                        onMove={(s) => {
                          follow.current = a.applicationId
                          onMove(a.applicationId, s)
                        }}
                      />
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          )
        })}
      </div>
    </div>
  )
}

function TableView({ apps, onOpen, onMove }: { apps: Application[]; onOpen: (a: Application) => void; onMove: (id: string, s: ApplicationStatus) => void }) {
  const [sort, setSort] = React.useState<'updated' | 'company' | 'status'>('updated')
  const rows = [...apps].sort((a, b) =>
    sort === 'company'
      ? a.company.localeCompare(b.company)
      : sort === 'status'
        ? APPLICATION_STATUSES.indexOf(a.status) - APPLICATION_STATUSES.indexOf(b.status)
        : (b.updatedAt ?? b.appliedAt ?? '').localeCompare(a.updatedAt ?? a.appliedAt ?? ''),
  )
  const header = (key: typeof sort, label: string) => (
    <th scope="col" className="px-3 py-2 text-left font-medium" aria-sort={sort !== key ? 'none' : key === 'updated' ? 'descending' : 'ascending'}>
      <button type="button" onClick={() => setSort(key)} className="cursor-pointer hover:underline">
        {label}
      </button>
    </th>
  )
  return (
    <Card className="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-sm">
        <thead className="border-b bg-slate-50 text-muted-foreground">
          <tr>
            <th scope="col" className="px-3 py-2 text-left font-medium">Role</th>
            {header('company', 'Company')}
            {header('status', 'Status')}
            <th scope="col" className="px-3 py-2 text-left font-medium">Applied</th>
            {header('updated', 'Last change')}
          </tr>
        </thead>
        <tbody className="divide-y">
          {rows.map((a) => (
            <tr key={a.applicationId} className="hover:bg-slate-50">
              <td className="px-3 py-2">
                <button type="button" className="text-left font-medium hover:text-primary hover:underline cursor-pointer" onClick={() => onOpen(a)}>
                  {a.title}
                </button>
              </td>
              <td className="px-3 py-2">{a.company}</td>
              <td className="w-40 px-3 py-2">
                <StatusSelect app={a} onMove={(s) => onMove(a.applicationId, s)} />
              </td>
              <td className="px-3 py-2 text-muted-foreground">{formatDate(a.appliedAt)}</td>
              <td className="px-3 py-2 text-muted-foreground">{formatDate(a.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  )
}

export default function Applications() {
  const apps = useApplications()
  const move = useMoveApplication()
  const [params, setParams] = useSearchParams()
  const [openId, setOpenId] = React.useState<string | null>(null)
  const [adding, setAdding] = React.useState(false)
  const view = params.get('view') === 'table' ? 'table' : 'board'
  const filter = params.get('status') as ApplicationStatus | null
  const list = (apps.data ?? []).filter((a) => !filter || view === 'board' || a.status === filter)
  const open = apps.data?.find((a) => a.applicationId === openId) ?? null
  const onMove = (id: string, status: ApplicationStatus) => {
    const current = apps.data?.find((a) => a.applicationId === id)
    if (current && current.status !== status) move.mutate({ id, status })
  }

  return (
    <>
      <PageHeader
        title="Applications"
        description="Drag a card to change its status, or use its menu. Every change is kept in its history."
        actions={
          <Button onClick={() => setAdding(true)}>
            <Plus /> Add application
          </Button>
        }
      />
      {apps.isPending ? (
        <LoadingRows rows={3} label="Loading applications" />
      ) : apps.isError ? (
        <ErrorState error={apps.error} title="Could not load your applications" onRetry={() => void apps.refetch()} />
      ) : apps.data.length === 0 ? (
        <EmptyState icon={KanbanSquare} title="Your tracker is empty" action={<Button onClick={() => setAdding(true)}><Plus /> Add one</Button>}>
          Save jobs from search, or add applications you made elsewhere.
        </EmptyState>
      ) : (
        <Tabs
          value={view}
          onValueChange={(v) => {
            const next = new URLSearchParams(params)
            next.set('view', v)
            setParams(next, { replace: true })
          }}
        >
          <TabsList>
            <TabsTrigger value="board">
              <KanbanSquare className="size-4" aria-hidden="true" /> Board
            </TabsTrigger>
            <TabsTrigger value="table">
              <Table2 className="size-4" aria-hidden="true" /> Table
            </TabsTrigger>
          </TabsList>
          <TabsContent value="board">
            <Board apps={list} onOpen={(a) => setOpenId(a.applicationId)} onMove={onMove} />
          </TabsContent>
          <TabsContent value="table">
            {filter ? (
              <p className="mb-2 text-sm text-muted-foreground">
                Showing {titleCase(filter)} only.{' '}
                <button type="button" className="text-primary hover:underline cursor-pointer" onClick={() => setParams({ view: 'table' })}>
                  Show all
                </button>
              </p>
            ) : null}
            <TableView apps={list} onOpen={(a) => setOpenId(a.applicationId)} onMove={onMove} />
          </TabsContent>
        </Tabs>
      )}
      <DetailDialog app={open} onClose={() => setOpenId(null)} />
      <AddDialog open={adding} onOpenChange={setAdding} />
    </>
  )
}
