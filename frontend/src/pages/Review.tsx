import * as React from 'react'
import { Check, Inbox, Loader2, Pencil, Undo2, X } from 'lucide-react'
import { useMutation } from '@tanstack/react-query'
import { api } from '@/api/endpoints'
import { describeError } from '@/api/errors'
import { REVIEW_CATEGORIES, type ReviewCategory, type ReviewCorrection, type ReviewItem } from '@/api/types'
import { InterviewTime } from '@/components/interviews/InterviewCard'
import { EmptyState, ErrorState, LoadingRows, PageHeader } from '@/components/states'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { toast } from '@/components/ui/toast'
import { useApplications, useInvalidateTracker, useReviewItems } from '@/hooks/queries'
import { formatDateTime, titleCase } from '@/lib/format'

const CATEGORY_LABEL: Record<string, string> = {
  interview_invitation: 'Interview invitation',
  interview_scheduled: 'Interview scheduled',
  interview_rescheduled: 'Interview moved',
  interview_cancelled: 'Interview cancelled',
  rejection: 'Rejection',
  assessment: 'Assessment',
  offer: 'Offer',
  application_received: 'Application received',
  other: 'Nothing to track',
}

function categoryLabel(c: string | null | undefined): string {
  return c ? (CATEGORY_LABEL[c] ?? titleCase(c)) : 'Unclear'
}

function CorrectDialog({ item, onClose }: { item: ReviewItem; onClose: () => void }) {
  const refresh = useInvalidateTracker()
  const apps = useApplications()
  const [category, setCategory] = React.useState<ReviewCategory>(item.category ?? 'interview_scheduled')
  const [company, setCompany] = React.useState(item.company ?? '')
  const [role, setRole] = React.useState(item.role ?? '')
  const [applicationId, setApplicationId] = React.useState('')
  const correct = useMutation({
    mutationFn: (body: ReviewCorrection) => api.review.correct(item.reviewId, body),
    onSuccess: async () => {
      await refresh()
      toast({ title: 'Applied as corrected', variant: 'success' })
      onClose()
    },
  })
  function submit(e: React.FormEvent) {
    e.preventDefault()
    correct.mutate({
      category,
      ...(company.trim() ? { company: company.trim() } : {}),
      ...(role.trim() ? { role: role.trim() } : {}),
      ...(applicationId ? { applicationId } : {}),
    })
  }
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()}>
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>What is this email?</DialogTitle>
            <DialogDescription>{item.subject}</DialogDescription>
          </DialogHeader>
          <div className="grid gap-3">
            <div className="grid gap-1.5">
              <Label htmlFor="rv-category">It is</Label>
              <NativeSelect id="rv-category" value={category} onChange={(e) => setCategory(e.target.value as ReviewCategory)}>
                {REVIEW_CATEGORIES.map((c) => (
                  <option key={c} value={c}>{categoryLabel(c)}</option>
                ))}
              </NativeSelect>
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="rv-application">For the application</Label>
              <NativeSelect id="rv-application" value={applicationId} onChange={(e) => setApplicationId(e.target.value)}>
                <option value="">Find or create one by company</option>
                {(apps.data ?? []).map((a) => (
                  <option key={a.applicationId} value={a.applicationId}>
                    {a.company}{a.title ? ` · ${a.title}` : ''}
                  </option>
                ))}
              </NativeSelect>
            </div>
            <div className="grid gap-3 sm:grid-cols-2">
              <div className="grid gap-1.5">
                <Label htmlFor="rv-company">Company</Label>
                <Input id="rv-company" value={company} onChange={(e) => setCompany(e.target.value)} />
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="rv-role">Role</Label>
                <Input id="rv-role" value={role} onChange={(e) => setRole(e.target.value)} />
              </div>
            </div>
          </div>
          {correct.isError ? <p role="alert" className="text-sm text-red-800">{describeError(correct.error)}</p> : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={correct.isPending}>
              {correct.isPending ? <Loader2 className="animate-spin" /> : <Check />} Apply
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  )
}

function PendingItem({ item }: { item: ReviewItem }) {
  const refresh = useInvalidateTracker()
  const [correcting, setCorrecting] = React.useState(false)
  const act = useMutation({
    mutationFn: (action: 'accept' | 'dismiss') => (action === 'accept' ? api.review.accept(item.reviewId) : api.review.dismiss(item.reviewId)),
    onSuccess: async (_, action) => {
      await refresh()
      toast({ title: action === 'accept' ? 'Added to your tracker' : 'Dismissed', variant: 'success' })
    },
    onError: (e) => toast({ title: 'That did not work', description: describeError(e), variant: 'error' }),
  })
  return (
    <Card className="grid gap-3 p-4" data-testid="review-item" role="group" aria-label={item.subject}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant="outline">From email, needs review</Badge>
        <Badge variant="secondary">{categoryLabel(item.category)}</Badge>
        <span className="text-xs text-muted-foreground">{Math.round(item.confidence * 100)}% sure</span>
      </div>
      <div>
        <p className="font-medium">{item.subject || '(no subject)'}</p>
        <p className="text-sm text-muted-foreground">
          {item.sender}
          {item.receivedAt ? ` · ${formatDateTime(item.receivedAt)}` : ''}
        </p>
      </div>
      <p className="text-sm">
        {item.company ? <strong>{item.company}</strong> : 'No company found'}
        {item.role ? ` · ${item.role}` : ''}
        {item.startsAt ? (
          <>
            {' · '}
            <InterviewTime interview={{ startsAt: item.startsAt, timeZone: item.timeZone, durationMinutes: null }} />
          </>
        ) : null}
      </p>
      <p className="text-sm text-muted-foreground">Why it waits: {item.reason}</p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" onClick={() => act.mutate('accept')} disabled={act.isPending || !item.company}>
          <Check /> Accept
        </Button>
        <Button size="sm" variant="outline" onClick={() => setCorrecting(true)}>
          <Pencil /> Correct
        </Button>
        <Button size="sm" variant="ghost" onClick={() => act.mutate('dismiss')} disabled={act.isPending}>
          <X /> Dismiss
        </Button>
      </div>
      {correcting ? <CorrectDialog item={item} onClose={() => setCorrecting(false)} /> : null}
    </Card>
  )
}

function AcceptedItem({ item }: { item: ReviewItem }) {
  const refresh = useInvalidateTracker()
  const undo = useMutation({
    mutationFn: () => api.review.undo(item.reviewId),
    onSuccess: async () => {
      await refresh()
      toast({ title: 'Undone', description: 'It waits for your review again.', variant: 'success' })
    },
    onError: (e) => toast({ title: 'Could not undo', description: describeError(e), variant: 'error' }),
  })
  return (
    <li className="flex flex-wrap items-center gap-3 rounded-md border px-3 py-2 text-sm" data-testid="accepted-item" aria-label={item.subject}>
      <span className="flex-1">
        <span className="font-medium">{item.subject}</span>
        <span className="text-muted-foreground"> · {categoryLabel(item.category)}{item.company ? ` · ${item.company}` : ''}{item.corrected ? ' · corrected by you' : ''}</span>
      </span>
      <Button size="sm" variant="ghost" onClick={() => undo.mutate()} disabled={undo.isPending}>
        <Undo2 /> Undo
      </Button>
    </li>
  )
}

export default function Review() {
  const pending = useReviewItems('pending')
  const accepted = useReviewItems('accepted')
  return (
    <>
      <PageHeader
        title="Review emails"
        description="Emails that might change your tracker but were not clear enough to act on alone. Accept, correct or dismiss each."
      />
      <div className="grid gap-6">
        {pending.isPending ? (
          <LoadingRows rows={2} label="Loading emails to review" />
        ) : pending.isError ? (
          <ErrorState error={pending.error} title="Could not load the emails to review" onRetry={() => void pending.refetch()} />
        ) : pending.data.length === 0 ? (
          <EmptyState icon={Inbox} title="Nothing to review">
            Emails the scan is not sure about wait here until you look at them.
          </EmptyState>
        ) : (
          <ul className="grid gap-3" aria-label="Emails to review">
            {pending.data.map((item) => (
              <li key={item.reviewId}>
                <PendingItem item={item} />
              </li>
            ))}
          </ul>
        )}
        {accepted.data?.length ? (
          <section aria-labelledby="accepted-heading" className="grid gap-2">
            <h2 id="accepted-heading" className="text-lg font-semibold">Recently accepted</h2>
            <ul className="grid gap-2">
              {accepted.data.slice(0, 10).map((item) => (
                <AcceptedItem key={item.reviewId} item={item} />
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </>
  )
}
