import * as React from 'react'
import { Link, useParams } from 'react-router-dom'
import { ArrowLeft, Bookmark, Building2, CheckCircle2, Clock, ExternalLink, Loader2, MapPin, Send, Sparkles, XCircle } from 'lucide-react'
import { ApiError } from '@/api/errors'
import { Breakdown, breakdownRows } from '@/components/Breakdown'
import { ScoreRing } from '@/components/score'
import { EmptyState, ErrorState, LoadingRows } from '@/components/states'
import { Badge } from '@/components/ui/badge'
import { Button, buttonVariants } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Skeleton } from '@/components/ui/skeleton'
import { useApplications, useJob, useJobExplanation, useMoveApplication, useSaveJob } from '@/hooks/queries'
import { formatDate, formatSalary, titleCase } from '@/lib/format'
import { STATUS_STYLE } from '@/pages/applications/status'
import { AiWritten } from '@/components/AiWritten'
import { JobDescription } from '@/components/jobs/JobDescription'

export default function JobDetail() {
  const { jobId = '' } = useParams()
  const job = useJob(jobId)
  const apps = useApplications()
  const save = useSaveJob()
  const move = useMoveApplication()
  const [explain, setExplain] = React.useState(false)
  const explanation = useJobExplanation(jobId, explain)
  // Save and Mark applied disappear once done: focus goes on to what replaces them.
  const markRef = React.useRef<HTMLButtonElement>(null)
  const statusRef = React.useRef<HTMLSpanElement>(null)
  const focusStatus = () => requestAnimationFrame(() => statusRef.current?.focus())

  if (job.isPending) return <LoadingRows rows={4} label="Loading job" />
  if (job.isError) {
    if (job.error instanceof ApiError && job.error.status === 404) {
      return (
        <EmptyState title="This job is no longer here" action={<Link to="/jobs" className={buttonVariants()}>Back to search</Link>}>
          It may have been closed by the employer.
        </EmptyState>
      )
    }
    return <ErrorState error={job.error} title="Could not load this job" onRetry={() => void job.refetch()} />
  }

  const j = job.data
  const match = typeof j.score === 'number' ? { score: j.score, matchedSkills: j.matchedSkills ?? [], missingSkills: j.missingSkills ?? [], reasons: j.reasons ?? [] } : null
  const application = apps.data?.find((a) => a.jobId === j.jobId)
  const salary = formatSalary(j.salary)
  const rows = breakdownRows(j.scoreBreakdown)

  const busy = save.isPending || move.isPending
  // Only forward: an application past "saved" (interviewing, an offer, a rejection…) is not sent back to applied.
  const canMarkApplied = !application || application.status === 'saved'
  function saveJob() {
    if (busy) return
    save.mutate(j.jobId, { onSuccess: () => markRef.current?.focus() })
  }
  function markApplied() {
    if (busy) return
    if (application) {
      move.mutate({ id: application.applicationId, status: 'applied' }, { onSuccess: focusStatus })
    } else {
      save.mutate(j.jobId, { onSuccess: (app) => move.mutate({ id: app.applicationId, status: 'applied' }, { onSuccess: focusStatus }) })
    }
  }

  return (
    <div className="grid gap-6">
      <Link to="/jobs" className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
        <ArrowLeft className="size-4" aria-hidden="true" /> Back to results
      </Link>
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h1 className="text-2xl font-bold tracking-tight">{j.title}</h1>
          <p className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted-foreground">
            <span className="inline-flex items-center gap-1"><Building2 className="size-4" aria-hidden="true" />{j.company}</span>
            {j.location ? <span className="inline-flex items-center gap-1"><MapPin className="size-4" aria-hidden="true" />{j.location}</span> : null}
            {j.postedDate ? <span className="inline-flex items-center gap-1"><Clock className="size-4" aria-hidden="true" />Posted {formatDate(j.postedDate)}</span> : null}
          </p>
          <div className="mt-3 flex flex-wrap gap-1.5">
            {salary ? <Badge variant="secondary">{salary}</Badge> : <Badge variant="outline" className="font-normal">Salary not stated</Badge>}
            {j.remote ? <Badge variant="info">{j.remote === 'yes' ? 'Remote' : j.remote === 'no' ? 'On-site' : titleCase(j.remote)}</Badge> : null}
            {j.seniority ? <Badge variant="outline">{titleCase(j.seniority)}</Badge> : null}
            {j.employmentType ? <Badge variant="outline">{titleCase(j.employmentType)}</Badge> : null}
            {j.status === 'closed' ? <Badge variant="destructive">Closed</Badge> : null}
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          {application ? (
            <Badge ref={statusRef} tabIndex={-1} variant={STATUS_STYLE[application.status].badge} className="h-8 px-3 text-sm">
              In tracker: {titleCase(application.status)}
            </Badge>
          ) : null}
          {!application ? (
            <Button variant="outline" onClick={saveJob} aria-disabled={busy}>
              <Bookmark /> Save
            </Button>
          ) : null}
          {canMarkApplied ? (
            <Button ref={markRef} onClick={markApplied} aria-disabled={busy}>
              <Send /> Mark applied
            </Button>
          ) : null}
          {j.url ? (
            <a href={j.url} target="_blank" rel="noreferrer" className={buttonVariants({ variant: 'ghost' })}>
              Original posting <ExternalLink />
            </a>
          ) : null}
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="grid content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Why this score</CardTitle>
              <CardDescription>How your profile and resume compare with what this job asks for.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-6">
              {!match ? (
                <p className="text-sm text-muted-foreground">Upload a resume or add skills to your profile to see how well you match.</p>
              ) : (
                <>
                  <div className="flex flex-col items-center gap-5 sm:flex-row sm:items-start">
                    <ScoreRing score={match.score} label="Match score" />
                    <ul className="grid flex-1 gap-1.5 text-sm" aria-label="Reasons">
                      {(match.reasons ?? []).map((r) => (
                        <li key={r} className="flex gap-2">
                          <span aria-hidden="true" className="mt-1.5 size-1.5 shrink-0 rounded-full bg-primary" />
                          {r}
                        </li>
                      ))}
                    </ul>
                  </div>
                  {rows.length ? <Breakdown rows={rows} title="Score breakdown" /> : null}
                </>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader className="flex-row items-center justify-between gap-3">
              <div className="grid gap-1.5">
                <CardTitle>In plain words</CardTitle>
                <CardDescription>A short written explanation of this match.</CardDescription>
              </div>
              {!explain ? (
                <Button variant="outline" size="sm" onClick={() => setExplain(true)}>
                  <Sparkles /> Explain
                </Button>
              ) : null}
            </CardHeader>
            {explain ? (
              <CardContent>
                {explanation.isPending ? (
                  <div className="grid gap-2" role="status">
                    <span className="sr-only">Writing the explanation…</span>
                    <Skeleton className="h-4 w-full" />
                    <Skeleton className="h-4 w-5/6" />
                    <Skeleton className="h-4 w-2/3" />
                  </div>
                ) : explanation.isError ? (
                  <ErrorState error={explanation.error} title="Could not write the explanation" onRetry={() => void explanation.refetch()} />
                ) : (
                  <div className="grid gap-4" data-testid="match-explanation">
                    <p className="whitespace-pre-line text-sm leading-relaxed">{explanation.data.explanation.summary}</p>
                    <div className="grid gap-4 sm:grid-cols-3">
                      {(
                        [
                          ['Going for you', explanation.data.explanation.strengths, 'bg-emerald-500'],
                          ['Gaps', explanation.data.explanation.gaps, 'bg-amber-500'],
                          ['What to do', explanation.data.explanation.advice, 'bg-primary'],
                        ] as const
                      ).map(([title, items, dot]) =>
                        items.length ? (
                          <div key={title}>
                            <h3 className="mb-1.5 text-sm font-semibold">{title}</h3>
                            <ul className="grid gap-1.5 text-sm">
                              {items.map((x) => (
                                <li key={x} className="flex gap-2">
                                  <span aria-hidden="true" className={`mt-1.5 size-1.5 shrink-0 rounded-full ${dot}`} />
                                  {x}
                                </li>
                              ))}
                            </ul>
                          </div>
                        ) : null,
                      )}
                    </div>
                    {explanation.data.explanation.generatedBy === 'llm' ? (
                      <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                        <AiWritten /> From your score breakdown; the score itself is not the model's.
                      </p>
                    ) : (
                      <p className="text-xs text-muted-foreground">Written from your score breakdown.</p>
                    )}
                  </div>
                )}
              </CardContent>
            ) : null}
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>About the job</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              {j.description ? <JobDescription text={j.description} /> : <p className="text-sm text-muted-foreground">No description.</p>}
              {/* The requirements read off the text, listed again only when the text does not show them. */}
              {j.requirements?.length && !j.requirements.every((r) => j.description?.includes(r)) ? (
                <div>
                  <h3 className="mb-2 text-sm font-semibold">Requirements</h3>
                  <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700">
                    {j.requirements.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </CardContent>
          </Card>
        </div>

        <div className="grid content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Skills you have</CardTitle>
            </CardHeader>
            <CardContent>
              {match?.matchedSkills?.length ? (
                <ul className="flex flex-wrap gap-1.5" aria-label="Matched skills">
                  {match.matchedSkills.map((s) => (
                    <li key={s}><Badge variant="success"><CheckCircle2 className="size-3" aria-hidden="true" />{s}</Badge></li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted-foreground">None of the skills this job asks for were found yet.</p>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Skills to add</CardTitle>
              <CardDescription>Asked for by this job, not found in your profile or resume.</CardDescription>
            </CardHeader>
            <CardContent>
              {match?.missingSkills?.length ? (
                <ul className="flex flex-wrap gap-1.5" aria-label="Missing skills">
                  {match.missingSkills.map((s) => (
                    <li key={s}><Badge variant="warning"><XCircle className="size-3" aria-hidden="true" />{s}</Badge></li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted-foreground">Nothing missing. You cover every required skill.</p>
              )}
              {j.missingNiceToHave?.length ? (
                <div className="mt-3">
                  <p className="mb-1.5 text-xs font-medium text-muted-foreground">Nice to have</p>
                  <ul className="flex flex-wrap gap-1.5" aria-label="Missing nice-to-have skills">
                    {j.missingNiceToHave.map((s) => (
                      <li key={s}><Badge variant="outline">{s}</Badge></li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <Link to={`/roadmap?target=${encodeURIComponent(j.title)}`} className="mt-4 inline-flex items-center gap-1 text-sm font-medium text-primary hover:underline">
                Plan how to learn them
              </Link>
            </CardContent>
          </Card>
          {application?.history?.length ? (
            <Card>
              <CardHeader>
                <CardTitle>Your history</CardTitle>
              </CardHeader>
              <CardContent>
                <ol className="grid gap-2 text-sm">
                  {application.history.map((h, i) => (
                    <li key={i} className="flex justify-between gap-2">
                      <span>{titleCase(h.to)}</span>
                      <span className="text-muted-foreground">{formatDate(h.at)}</span>
                    </li>
                  ))}
                </ol>
              </CardContent>
            </Card>
          ) : null}
          {save.isPending || move.isPending ? (
            <p role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
              <Loader2 className="size-4 animate-spin" aria-hidden="true" /> Updating your tracker…
            </p>
          ) : null}
        </div>
      </div>
    </div>
  )
}
