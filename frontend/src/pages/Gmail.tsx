import * as React from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { CalendarPlus, CheckCircle2, Loader2, Mail, RefreshCw, Unplug } from 'lucide-react'
import { ApiError, describeError } from '@/api/errors'
import type { TaskRun } from '@/api/types'
import { InterviewList } from '@/components/interviews/InterviewCard'
import { Progress } from '@/components/ui/progress'
import { RETURN_KEY } from '@/lib/gmail'
import { useConfig } from '@/auth/AuthProvider'
import { EmptyState, ErrorState, LoadingRows, PageHeader } from '@/components/states'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ConfirmDialog } from '@/components/ConfirmDialog'
import { TaskNotice } from '@/components/TaskNotice'
import { MailImportCard } from '@/components/gmail/MailImportCard'
import { useConnectGmail, useDisconnectGmail, useGmailScan, useGmailStatus, useInterviews, useReviewItems } from '@/hooks/queries'
import { plural, relativeTime, titleCase } from '@/lib/format'

function ScanProgress({ task }: { task: TaskRun | undefined }) {
  const percent = task?.percent ?? null
  const label = task?.stage ? `${titleCase(task.stage)}${percent !== null ? ` · ${percent}%` : ''}` : 'waiting for a worker…'
  return (
    <div className="grid gap-1.5" role="status" aria-live="polite" data-testid="scan-progress">
      <p className="flex items-center gap-2 text-sm">
        <Loader2 className="size-4 animate-spin" aria-hidden="true" /> Scanning your inbox: {label}
      </p>
      <Progress value={percent ?? 5} aria-label="Scan progress" />
    </div>
  )
}

function ConnectionCard({ firstScan }: { firstScan: string | null }) {
  const config = useConfig()
  const status = useGmailStatus(config.data?.gmailConfigured === true)
  const [confirm, setConfirm] = React.useState(false)
  const follow = useGmailScan(firstScan, status.data?.scanTaskId)
  const scan = follow.start
  const review = useReviewItems('pending')
  const connect = useConnectGmail()
  const disconnect = useDisconnectGmail()

  const notConfigured =
    config.data?.gmailConfigured === false ||
    (status.error instanceof ApiError && (status.error.status === 503 || status.error.code === 'not_configured'))

  if (notConfigured) {
    return (
      <EmptyState icon={Mail} title="Gmail is not set up on this server">
        The administrator needs to add a Google OAuth client (client id and secret) to the server settings. Until then, add applications by hand in
        the tracker, and an interview from its application.
      </EmptyState>
    )
  }
  if (status.isPending) return <LoadingRows rows={1} label="Loading Gmail status" />
  if (status.isError) return <ErrorState error={status.error} title="Could not load the Gmail status" onRetry={() => void status.refetch()} />

  const s = status.data
  const counts = s.counts ?? {}
  const scanning = follow.scanning
  const waiting = review.data?.length ?? 0
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="grid gap-1.5">
          <CardTitle className="flex items-center gap-2">
            <Mail className="size-4" aria-hidden="true" /> Gmail
            {s.connected ? <Badge variant="success">Connected</Badge> : <Badge variant="secondary">Not connected</Badge>}
          </CardTitle>
          <CardDescription>
            {s.connected ? <>Watching <strong>{s.email}</strong> for interview invitations (read-only).</> : 'Read-only access; only interview-related emails are used.'}
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        {s.lastError || s.disconnectedReason ? (
          <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
            {s.disconnectedReason ?? s.lastError}
          </p>
        ) : null}
        {s.connected ? (
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-muted-foreground">Last scan</dt>
              <dd className="font-medium">{relativeTime(s.lastScanAt)}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Interviews found</dt>
              <dd className="font-medium tabular-nums">{counts.interviewsFound ?? 0}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Emails read</dt>
              <dd className="font-medium tabular-nums">{counts.messagesScanned ?? 0}</dd>
            </div>
          </dl>
        ) : null}
        {waiting ? (
          <p className="text-sm">
            <Link to="/review" className="font-medium text-primary hover:underline">
              {plural(waiting, 'email')} from your inbox {waiting === 1 ? 'needs' : 'need'} your review
            </Link>
          </p>
        ) : null}
        {follow.followed ? <ScanProgress task={follow.task} /> : null}
        {follow.followed ? <TaskNotice task={follow.task} /> : null}
        {connect.isError || scan.isError || disconnect.isError ? (
          <p role="alert" className="text-sm text-red-800">{describeError(connect.error ?? scan.error ?? disconnect.error)}</p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {s.connected ? (
            <>
              <Button onClick={() => scan.mutate()} disabled={scanning}>
                {scanning ? <Loader2 className="animate-spin" /> : <RefreshCw />} {scanning ? 'Scanning…' : 'Scan now'}
              </Button>
              <Button variant="outline" onClick={() => setConfirm(true)}>
                <Unplug /> Disconnect
              </Button>
            </>
          ) : (
            <Button onClick={() => connect.mutate()} disabled={connect.isPending}>
              {connect.isPending ? <Loader2 className="animate-spin" /> : <Mail />} Connect Gmail
            </Button>
          )}
        </div>
      </CardContent>
      <ConfirmDialog
        open={confirm}
        onOpenChange={setConfirm}
        title="Disconnect Gmail?"
        description="We revoke our access at Google and delete the stored token. Interviews already found stay in your tracker."
        confirmLabel="Disconnect"
        icon={Unplug}
        pending={disconnect.isPending}
        onConfirm={() => disconnect.mutate(undefined, { onSuccess: () => setConfirm(false) })}
      />
    </Card>
  )
}

function YourInterviews() {
  const interviews = useInterviews()
  if (interviews.isPending) return <LoadingRows rows={2} label="Loading interviews" />
  if (interviews.isError) return <ErrorState error={interviews.error} title="Could not load interviews" onRetry={() => void interviews.refetch()} />
  if (!interviews.data.length) {
    return (
      <EmptyState icon={CalendarPlus} title="No interviews yet">
        Invitations found in your email, and interviews you add to an application, show up here with their time and link.
      </EmptyState>
    )
  }
  return <InterviewList interviews={interviews.data} label="Interviews" />
}

export default function Gmail() {
  const [params, setParams] = useSearchParams()
  const navigate = useNavigate()
  const outcome = params.get('connected') ? 'connected' : params.get('error')
  const returnTo = outcome ? sessionStorage.getItem(RETURN_KEY) : null
  React.useEffect(() => {
    if (returnTo) {
      sessionStorage.removeItem(RETURN_KEY)
      navigate(`${returnTo}?${params.toString()}`, { replace: true })
    }
  }, [returnTo, params, navigate])
  if (returnTo) return null
  return (
    <>
      <PageHeader title="Gmail integration" description="Interview invitations found in your inbox, added to your calendar and tracker." />
      {outcome ? (
        <div role="status" className={`mb-4 flex items-center justify-between gap-2 rounded-md px-3 py-2 text-sm ${outcome === 'connected' ? 'bg-emerald-50 text-emerald-900' : 'bg-red-50 text-red-900'}`}>
          <span className="flex items-center gap-2">
            {outcome === 'connected' ? <CheckCircle2 className="size-4" aria-hidden="true" /> : null}
            {outcome === 'connected' ? 'Gmail connected. The first scan has started; its results appear below.' : `Gmail was not connected. ${outcome}`}
          </span>
          <Button variant="ghost" size="sm" onClick={() => setParams({})}>
            Dismiss
          </Button>
        </div>
      ) : null}
      <div className="grid grid-cols-1 gap-6">
        <ConnectionCard firstScan={params.get('scan') || null} />
        <MailImportCard />
        <section aria-labelledby="interviews-heading" className="grid gap-3">
          <h2 id="interviews-heading" className="text-lg font-semibold">Your interviews</h2>
          <YourInterviews />
        </section>
      </div>
    </>
  )
}
