import * as React from 'react'
import { Link } from 'react-router-dom'
import { ArrowRight, Briefcase, CalendarClock, FileText, MapPin, Sparkles } from 'lucide-react'
import { APPLICATION_STATUSES } from '@/api/types'
import { useConfig } from '@/auth/AuthProvider'
import { InterviewList } from '@/components/interviews/InterviewCard'
import { useApplications, useInterviews, useJobs, useMe, useResumes, latestAnalysed } from '@/hooks/queries'
import { ScoreBadge, ScoreRing } from '@/components/score'
import { EmptyState, ErrorState, PageHeader } from '@/components/states'
import { Badge } from '@/components/ui/badge'
import { buttonVariants } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { formatSalary, relativeTime, titleCase } from '@/lib/format'
import { scoreTrend } from '@/lib/resumes'
import { STATUS_STYLE } from '@/pages/applications/status'
import { cn } from '@/lib/utils'

const ScoreTrendChart = React.lazy(() => import('@/components/charts/ScoreTrendChart'))

const WEEK_MS = 7 * 24 * 3600 * 1000

function Pipeline() {
  const apps = useApplications()
  return (
    <Card>
      <CardHeader>
        <CardTitle>Application pipeline</CardTitle>
        <CardDescription>Where each of your applications stands.</CardDescription>
      </CardHeader>
      <CardContent>
        {apps.isPending ? (
          <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7" aria-hidden="true">
            {APPLICATION_STATUSES.map((s) => (
              <li key={s}>
                <Skeleton className="h-[98px]" />
              </li>
            ))}
          </ul>
        ) : apps.isError ? (
          <ErrorState error={apps.error} title="Could not load applications" onRetry={() => void apps.refetch()} />
        ) : apps.data.length === 0 ? (
          <EmptyState icon={Briefcase} title="No applications yet" action={<Link to="/jobs" className={buttonVariants({ size: 'sm' })}>Find jobs to save</Link>}>
            Save a job from search and it shows up here.
          </EmptyState>
        ) : (
          <ul className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7" aria-label="Applications by status">
            {APPLICATION_STATUSES.map((s) => {
              const n = apps.data.filter((a) => a.status === s).length
              return (
                <li key={s}>
                  <Link
                    to={`/applications?status=${s}`}
                    className={cn('block rounded-lg border p-3 transition-colors hover:bg-muted', n === 0 && 'border-dashed bg-slate-50')}
                  >
                    <span className={cn('mb-1 inline-block size-2 rounded-full', STATUS_STYLE[s].dot)} aria-hidden="true" />
                    <span className={cn('block text-2xl font-bold tabular-nums', n === 0 && 'text-muted-foreground')}>{n}</span>
                    <span className="block text-xs text-muted-foreground">{titleCase(s)}</span>
                  </Link>
                </li>
              )
            })}
          </ul>
        )}
      </CardContent>
    </Card>
  )
}

function UpcomingInterviews() {
  const interviews = useInterviews()
  const config = useConfig()
  const [now] = React.useState(Date.now)
  const upcoming = (interviews.data ?? [])
    .filter((i) => i.status !== 'cancelled' && (!i.startsAt || new Date(i.startsAt).getTime() > now - 3600_000))
    .slice(0, 4)
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-3">
        <div className="grid gap-1.5">
          <CardTitle>Upcoming interviews</CardTitle>
          <CardDescription>Found in your inbox, or added by you.</CardDescription>
        </div>
        <Link to="/gmail" className={buttonVariants({ variant: 'ghost', size: 'sm' })}>
          See all
        </Link>
      </CardHeader>
      <CardContent>
        {interviews.isPending ? (
          <Skeleton className="h-60" />
        ) : interviews.isError ? (
          <ErrorState error={interviews.error} title="Could not load interviews" onRetry={() => void interviews.refetch()} />
        ) : upcoming.length === 0 ? (
          <EmptyState
            icon={CalendarClock}
            title="No interviews scheduled"
            action={
              config.data?.gmailConfigured ? (
                <Link to="/gmail" className={buttonVariants({ size: 'sm', variant: 'outline' })}>
                  Connect Gmail
                </Link>
              ) : undefined
            }
          >
            {config.data?.gmailConfigured
              ? 'Connect Gmail and invitations appear here by themselves.'
              : 'Add an interview to an application, or import saved mail on the Gmail page, and it shows up here.'}
          </EmptyState>
        ) : (
          <InterviewList interviews={upcoming} label="Upcoming interviews" compact />
        )}
      </CardContent>
    </Card>
  )
}

function TopMatches() {
  const jobs = useJobs({ sort: 'score', pageSize: 20, page: 1 })
  const items = jobs.data?.items ?? []
  const [now] = React.useState(Date.now)
  // The best matches whatever their age, in the Jobs page's order; the week's new ones are marked.
  const shown = items.slice(0, 5)
  const isNew = (postedDate: string | null | undefined) => !!postedDate && now - new Date(postedDate).getTime() < WEEK_MS
  const fresh = shown.filter((j) => isNew(j.postedDate)).length
  return (
    <Card className="lg:col-span-2">
      <CardHeader className="flex-row items-start justify-between gap-2">
        <div className="grid gap-1.5">
          <CardTitle>Your top matches</CardTitle>
          <CardDescription>
            The best-scoring jobs for your profile and latest resume{fresh ? `; ${fresh} of them posted this week` : ''}.
          </CardDescription>
        </div>
        <Link to="/jobs" className={buttonVariants({ variant: 'ghost', size: 'sm' })}>
          All jobs <ArrowRight />
        </Link>
      </CardHeader>
      <CardContent>
        {jobs.isPending ? (
          <div className="grid gap-2">
            {[0, 1, 2, 3, 4].map((i) => (
              <Skeleton key={i} className="h-[66px] lg:h-[38px]" />
            ))}
          </div>
        ) : jobs.isError ? (
          <ErrorState error={jobs.error} title="Could not load matches" onRetry={() => void jobs.refetch()} />
        ) : shown.length === 0 ? (
          <EmptyState icon={Sparkles} title="No matches yet">
            Add your target role and upload a resume; matches appear as jobs come in.
          </EmptyState>
        ) : (
          <ul className="divide-y" aria-label="Top matches">
            {shown.map((j) => (
              <li key={j.jobId}>
                <Link to={`/jobs/${encodeURIComponent(j.jobId)}`} className="flex items-center gap-3 rounded-md px-2 py-3 hover:bg-muted">
                  <div className="min-w-0 flex-1">
                    <p className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5">
                      <span className="min-w-0 truncate font-medium">{j.title}</span>
                      {isNew(j.postedDate) ? <Badge variant="info" className="shrink-0">New this week</Badge> : null}
                    </p>
                    <p className="flex flex-wrap items-center gap-x-2 text-sm text-muted-foreground">
                      <span>{j.company}</span>
                      {j.location ? (
                        <span className="inline-flex items-center gap-1">
                          <MapPin className="size-3" aria-hidden="true" />
                          {j.location}
                        </span>
                      ) : null}
                      {formatSalary(j.salary) ? <span>{formatSalary(j.salary)}</span> : null}
                    </p>
                  </div>
                  <ScoreBadge score={j.score} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  )
}

function ResumeScore() {
  const resumes = useResumes()
  const latest = latestAnalysed(resumes.data)
  const trend = scoreTrend(latest)
  const score = latest?.atsScore
  return (
    <Card>
      <CardHeader>
        <CardTitle>Resume score</CardTitle>
        <CardDescription>How applicant tracking systems read it.</CardDescription>
      </CardHeader>
      <CardContent>
        {resumes.isPending ? (
          <Skeleton className="h-40" />
        ) : resumes.isError ? (
          <ErrorState error={resumes.error} title="Could not load resumes" onRetry={() => void resumes.refetch()} />
        ) : typeof score !== 'number' ? (
          <EmptyState icon={FileText} title="No resume analysed yet" action={<Link to="/resume" className={buttonVariants({ size: 'sm' })}>Upload a resume</Link>}>
            Upload one to get your score and concrete suggestions.
          </EmptyState>
        ) : (
          <div className="grid grid-cols-1 gap-4">
            <div className="flex min-w-0 items-center gap-4">
              <div className="shrink-0">
                <ScoreRing score={score} label="Resume score" size={96} />
              </div>
              <div className="min-w-0 flex-1 text-sm">
                <p className="truncate font-medium" title={latest?.filename ?? undefined}>
                  {latest?.filename}
                </p>
                <p className="text-muted-foreground">Analysed {relativeTime(trend.at(-1)?.at ?? latest?.updatedAt ?? latest?.createdAt)}</p>
                <Link to="/resume" className="mt-1 inline-flex items-center gap-1 font-medium text-primary hover:underline">
                  See suggestions <ArrowRight className="size-3.5" aria-hidden="true" />
                </Link>
              </div>
            </div>
            {trend.length > 1 ? (
              <React.Suspense fallback={<Skeleton className="h-40" />}>
                <ScoreTrendChart data={trend} />
              </React.Suspense>
            ) : (
              <p className="text-xs text-muted-foreground">Upload an improved version to see your score trend.</p>
            )}
          </div>
        )}
      </CardContent>
    </Card>
  )
}

export default function Dashboard() {
  const me = useMe()
  const onboarding = (me.data?.onboarding ?? {}) as { completed?: boolean }
  const first = me.data?.name?.split(' ')[0]
  return (
    <>
      <PageHeader
        title={first ? `Hello, ${first}` : 'Dashboard'}
        description={me.data?.targetRole ? <>Aiming for <strong>{me.data.targetRole}</strong>{me.data.location ? ` in ${me.data.location}` : ''}.</> : 'Your job search at a glance.'}
      />
      {me.data && !onboarding.completed ? (
        <div className="mb-6 flex flex-col gap-3 rounded-lg border border-indigo-200 bg-indigo-50 p-4 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-indigo-900">
            <Badge className="mr-2">Set-up</Badge>Finish setting up your profile to get better matches.
          </p>
          <Link to="/onboarding" className={buttonVariants({ size: 'sm' })}>
            Continue set-up
          </Link>
        </div>
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="lg:col-span-3">
          <Pipeline />
        </div>
        <TopMatches />
        <ResumeScore />
        <div className="lg:col-span-3">
          <UpcomingInterviews />
        </div>
      </div>
    </>
  )
}
