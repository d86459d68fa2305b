import * as React from 'react'
import { CalendarPlus, Loader2, MapPin, Pencil, Trash2, Video } from 'lucide-react'
import { useMutation } from '@tanstack/react-query'
import { api } from '@/api/endpoints'
import { describeError } from '@/api/errors'
import { INTERVIEW_KINDS, type Interview, type InterviewKind, type InterviewPatch } from '@/api/types'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { toast } from '@/components/ui/toast'
import { useInvalidateTracker } from '@/hooks/queries'
import { interviewTime, localInputValue, titleCase, viewerTimeZone } from '@/lib/format'


/** The zones offered in the editor: the interview's own, the viewer's, and the usual ones. */
function zoneChoices(current: string | null | undefined): string[] {
  const common = ['America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York', 'Europe/London', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Singapore', 'Australia/Sydney', 'UTC']
  return [...new Set([current, viewerTimeZone(), ...common].filter((z): z is string => !!z))]
}

export function InterviewTime({ interview }: { interview: Pick<Interview, 'startsAt' | 'timeZone' | 'durationMinutes'> }) {
  const t = interviewTime(interview.startsAt, interview.timeZone)
  return (
    <span data-testid="interview-time">
      {t.own}
      {t.viewer ? <span className="text-muted-foreground"> ({t.viewer})</span> : null}
      {interview.durationMinutes ? ` · ${interview.durationMinutes} min` : ''}
    </span>
  )
}

function EditDialog({ interview, onClose }: { interview: Interview; onClose: () => void }) {
  const refresh = useInvalidateTracker()
  const [when, setWhen] = React.useState(localInputValue(interview.startsAt, interview.timeZone))
  const [zone, setZone] = React.useState(interview.timeZone ?? viewerTimeZone())
  const [company, setCompany] = React.useState(interview.company ?? '')
  const [role, setRole] = React.useState(interview.role ?? '')
  const [link, setLink] = React.useState(interview.meetingUrl ?? '')
  const [kind, setKind] = React.useState<InterviewKind | ''>(
    interview.kind && interview.kind !== 'unknown' ? interview.kind : '',
  )
  const save = useMutation({
    mutationFn: (body: InterviewPatch) => api.interviews.update(interview.interviewId, body),
    onSuccess: async () => {
      await refresh()
      toast({ title: 'Interview updated', variant: 'success' })
      onClose()
    },
  })
  function submit(e: React.FormEvent) {
    e.preventDefault()
    const body: InterviewPatch = { timeZone: zone }
    if (when) body.startsAt = `${when}:00`
    if (company.trim()) body.company = company.trim()
    body.role = role.trim() || null
    body.meetingUrl = link.trim() || null
    body.kind = kind || null
    save.mutate(body)
  }
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Edit interview</DialogTitle>
            <DialogDescription>
              {interview.source === 'manual' ? 'Change anything; the calendar file follows.' : 'Correct anything that was read wrong; the calendar file follows.'}
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="grid gap-1.5">
              <Label htmlFor="iv-when">Date and time</Label>
              <Input id="iv-when" type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="iv-zone">Time zone</Label>
              <NativeSelect id="iv-zone" value={zone} onChange={(e) => setZone(e.target.value)}>
                {zoneChoices(interview.timeZone).map((z) => (
                  <option key={z} value={z}>{z.replace(/_/g, ' ')}</option>
                ))}
              </NativeSelect>
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="iv-company">Company</Label>
              <Input id="iv-company" value={company} onChange={(e) => setCompany(e.target.value)} required />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="iv-role">Role</Label>
              <Input id="iv-role" value={role} onChange={(e) => setRole(e.target.value)} />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="iv-link">Meeting link</Label>
              <Input id="iv-link" type="url" value={link} onChange={(e) => setLink(e.target.value)} placeholder="https://…" />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="iv-kind">Kind</Label>
              <NativeSelect id="iv-kind" value={kind} onChange={(e) => setKind(e.target.value as InterviewKind | '')}>
                <option value="">Not known</option>
                {INTERVIEW_KINDS.map((k) => (
                  <option key={k} value={k}>{titleCase(k)}</option>
                ))}
              </NativeSelect>
            </div>
          </div>
          {save.isError ? <p role="alert" className="text-sm text-red-800">{describeError(save.error)}</p> : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? <Loader2 className="animate-spin" /> : null} Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  )
}

/** What removing an interview is called: one read from an email is "not an interview" (and is
 * not read again); one the person added is simply removed, and its application stays. */
function removal(interview: Interview): { action: string; title: string; description: string; done: string } {
  if (interview.source === 'manual') {
    return {
      action: 'Remove',
      title: 'Remove this interview?',
      description: 'It is removed from your interviews, and its application goes back to the stage it had before.',
      done: 'The interview is removed.',
    }
  }
  const card = interview.company ? ` for ${interview.company}` : ''
  return {
    action: 'Not an interview',
    title: 'Not an interview?',
    description: `It is removed, with the application card it created${card}, and the same email is not read as an interview again.`,
    done: 'That email will not be read as an interview again.',
  }
}

function DismissDialog({ interview, onClose }: { interview: Interview; onClose: () => void }) {
  const refresh = useInvalidateTracker()
  const words = removal(interview)
  const dismiss = useMutation({
    mutationFn: () => api.interviews.dismiss(interview.interviewId),
    onSuccess: async () => {
      await refresh()
      toast({ title: 'Removed', description: words.done, variant: 'success' })
      onClose()
    },
  })
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{words.title}</DialogTitle>
          <DialogDescription>{words.description}</DialogDescription>
        </DialogHeader>
        {dismiss.isError ? <p role="alert" className="text-sm text-red-800">{describeError(dismiss.error)}</p> : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Keep it</Button>
          </DialogClose>
          <Button variant="destructive" onClick={() => dismiss.mutate()} disabled={dismiss.isPending}>
            {dismiss.isPending ? <Loader2 className="animate-spin" /> : <Trash2 />} {words.action}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  )
}

/** One interview, with what the person can do about it: download, edit, dismiss. */
export function InterviewCard({ interview: i, compact = false }: { interview: Interview; compact?: boolean }) {
  const [editing, setEditing] = React.useState(false)
  const [dismissing, setDismissing] = React.useState(false)
  const label = `${i.company ?? 'Interview'}${i.role ? `, ${i.role}` : ''}`
  return (
    // The actions wrap below the text when both do not fit (as in an application's dialog),
    // instead of squeezing the company and time to a word per line.
    <Card className="flex flex-col gap-3 p-4 sm:flex-row sm:flex-wrap sm:items-center" data-testid="interview" role="group" aria-label={label}>
      <div className="min-w-0 flex-1 sm:min-w-64">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {i.company ?? 'Unknown company'}
          {i.role ? <span className="font-normal text-muted-foreground">· {i.role}</span> : null}
          {i.kind ? <Badge variant="outline">{titleCase(i.kind)}</Badge> : null}
          {i.status === 'cancelled' ? <Badge variant="destructive">Cancelled</Badge> : null}
          {i.source === 'manual' ? <Badge variant="secondary">Added by you</Badge> : null}
        </p>
        <p className="mt-1 flex flex-wrap gap-x-3 text-sm text-muted-foreground">
          <InterviewTime interview={i} />
          {!compact && i.location ? <span className="inline-flex items-center gap-1"><MapPin className="size-3.5" aria-hidden="true" />{i.location}</span> : null}
          {i.meetingUrl ? (
            <a href={i.meetingUrl} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 text-primary hover:underline">
              <Video className="size-3.5" aria-hidden="true" /> Join link
            </a>
          ) : null}
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        {i.startsAt && i.status !== 'cancelled' ? (
          <Button
            variant="outline"
            size="sm"
            onClick={() =>
              api.interviews.downloadIcs(i.interviewId).catch((e: unknown) => toast({ title: 'Download failed', description: describeError(e), variant: 'error' }))
            }
          >
            <CalendarPlus /> Download to your calendar
          </Button>
        ) : null}
        <Button variant="ghost" size="sm" onClick={() => setEditing(true)} aria-label={`Edit ${label}`}>
          <Pencil /> Edit
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setDismissing(true)} aria-label={`${removal(i).action}: ${label}`}>
          <Trash2 /> {removal(i).action}
        </Button>
      </div>
      {editing ? <EditDialog interview={i} onClose={() => setEditing(false)} /> : null}
      {dismissing ? <DismissDialog interview={i} onClose={() => setDismissing(false)} /> : null}
    </Card>
  )
}

/** Interviews as a labelled list of cards. */
export function InterviewList({ interviews, label, compact = false, className = 'grid gap-3' }: {
  interviews: Interview[]
  label: string
  compact?: boolean
  className?: string
}) {
  return (
    <ul className={className} aria-label={label}>
      {interviews.map((i) => (
        <li key={i.interviewId}>
          <InterviewCard interview={i} compact={compact} />
        </li>
      ))}
    </ul>
  )
}
