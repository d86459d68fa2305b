import * as React from 'react'
import { useSearchParams } from 'react-router-dom'
import { AlertCircle, CheckCircle2, Download, FileText, Lightbulb, Loader2, Target, Trash2, UserPlus } from 'lucide-react'
import { api } from '@/api/endpoints'
import { describeError } from '@/api/errors'
import type { ResumeAnalysis, ResumeDetail, ResumeSummary } from '@/api/types'
import { Breakdown, breakdownChartHeight, breakdownRows } from '@/components/Breakdown'
import { ResumeUploader } from '@/components/resume/ResumeUploader'
import { ScoreRing } from '@/components/score'
import { TaskWaiting } from '@/components/TaskNotice'
import { EmptyState, ErrorState, LoadingRows, PageHeader } from '@/components/states'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ConfirmDialog } from '@/components/ConfirmDialog'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { Skeleton } from '@/components/ui/skeleton'
import { toast } from '@/components/ui/toast'
import {
  useApplications,
  useApplyResumeToProfile,
  useDeleteResume,
  useDeleteResumeVersion,
  useMe,
  useReanalyzeResume,
  useResume,
  useResumes,
  useTask,
} from '@/hooks/queries'
import { formatDate, plural, relativeTime, titleCase } from '@/lib/format'
import { targetLabel } from '@/lib/resumes'
import { cn } from '@/lib/utils'
import { AiWritten } from '@/components/AiWritten'

const BreakdownChart = React.lazy(() => import('@/components/charts/BreakdownChart'))

function ListCard({ title, items, icon: Icon, tone, dot, empty }: { title: string; items: string[]; icon: typeof CheckCircle2; tone: string; dot: string; empty: string }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Icon className={cn('size-4', tone)} aria-hidden="true" />
          {title}
        </CardTitle>
      </CardHeader>
      <CardContent>
        {items.length ? (
          <ul className="grid gap-2 text-sm">
            {items.map((s, i) => (
              <li key={i} className="flex gap-2">
                <span aria-hidden="true" className={cn('mt-1.5 size-1.5 shrink-0 rounded-full', dot)} />
                <span>{s}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted-foreground">{empty}</p>
        )}
      </CardContent>
    </Card>
  )
}

function AnalysisView({ resume, analysis }: { resume: ResumeDetail; analysis: ResumeAnalysis }) {
  const me = useMe()
  const rows = breakdownRows(analysis.scoreBreakdown.map((c) => ({ ...c, name: c.component })))
  const target = targetLabel(resume)
  const profileSkills = new Set((me.data?.skills ?? []).map((s) => s.toLowerCase()))
  const newSkills = analysis.skills.filter((s) => !profileSkills.has(s.toLowerCase()))
  const evidence = new Map((analysis.skillEvidence ?? []).map((e) => [e.name, e.evidence]))
  const apply = useApplyResumeToProfile()

  return (
    <div className="grid gap-6" data-testid="resume-analysis">
      <Card>
        <CardContent className="grid gap-6 p-5 md:grid-cols-[auto_1fr] md:items-center">
          <div className="flex flex-col items-center gap-2">
            <ScoreRing score={analysis.atsScore} label="ATS score" size={128} />
            <span className="text-sm font-medium">ATS score</span>
          </div>
          <div className="grid gap-2">
            <h2 className="text-lg font-semibold">
              {analysis.atsScore >= 80 ? 'Strong resume' : analysis.atsScore >= 60 ? 'Good, with room to improve' : 'Needs work before you apply'}
            </h2>
            <p className="text-sm text-muted-foreground">
              {analysis.yearsExperience != null ? `${plural(analysis.yearsExperience, 'year')} of experience found. ` : ''}
              {analysis.sections?.length ? `Sections: ${analysis.sections.join(', ')}.` : ''}
            </p>
            {analysis.contact ? (
              <p className="text-sm text-muted-foreground">
                {[analysis.contact.name, analysis.contact.email, analysis.contact.phone, analysis.contact.location].filter(Boolean).join(' · ')}
              </p>
            ) : null}
            {analysis.ocr ? (
              <p className="text-xs text-amber-800">
                This PDF is a scan: its text was read by OCR ({Math.round(analysis.ocr.confidence * 100)}% confidence), so check the details below.
              </p>
            ) : null}
            {analysis.fallbackReason ? (
              <p className="text-xs text-amber-800">The AI review was not available ({analysis.fallbackReason}); this is the built-in analysis.</p>
            ) : analysis.analyzer && analysis.analyzer !== 'local' ? (
              <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                <AiWritten /> Strengths, weaknesses and suggestions; the score is computed the same way every time.
              </p>
            ) : null}
          </div>
        </CardContent>
      </Card>

      {rows.length ? (
        <Card>
          <CardHeader>
            <CardTitle>Score breakdown</CardTitle>
            <CardDescription>Points earned per part of the score; hover a bar for details.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-6 lg:grid-cols-2">
            <React.Suspense fallback={<Skeleton style={{ height: breakdownChartHeight(rows) }} />}>
              <BreakdownChart rows={rows} />
            </React.Suspense>
            <Breakdown rows={rows} title="Score components and reasons" />
          </CardContent>
        </Card>
      ) : null}

      <ListCard title="Suggestions" items={analysis.suggestions} icon={Lightbulb} tone="text-amber-600" dot="bg-amber-500" empty="Nothing to change." />
      <div className="grid gap-6 md:grid-cols-2">
        <ListCard title="Strengths" items={analysis.strengths} icon={CheckCircle2} tone="text-emerald-600" dot="bg-emerald-500" empty="No particular strengths found yet." />
        <ListCard title="Weaknesses" items={analysis.weaknesses} icon={AlertCircle} tone="text-red-600" dot="bg-red-500" empty="No weaknesses found." />
      </div>

      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Skills found ({analysis.skills.length})</CardTitle>
            <CardDescription>Recognised and named the way job postings name them.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {analysis.skills.length ? (
              <ul className="flex flex-wrap gap-1.5" aria-label="Skills found">
                {analysis.skills.map((s) => (
                  <li key={s} title={evidence.get(s) ? `From your resume: “${evidence.get(s)}”` : undefined}>
                    <Badge variant={profileSkills.has(s.toLowerCase()) ? 'secondary' : 'info'}>{s}</Badge>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-muted-foreground">No skills recognised. Add a Skills section listing the tools and methods you use.</p>
            )}
            {evidence.size ? (
              <details className="text-sm">
                <summary className="cursor-pointer text-muted-foreground">Why these skills?</summary>
                <dl className="mt-2 grid gap-1.5" aria-label="Where each skill was found">
                  {analysis.skills.filter((s) => evidence.has(s)).map((s) => (
                    <div key={s} className="grid gap-0.5">
                      <dt className="font-medium">{s}</dt>
                      <dd className="truncate text-muted-foreground" title={evidence.get(s)}>{evidence.get(s)}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            ) : null}
            <Button size="sm" variant="outline" className="w-fit" onClick={() => apply.mutate({ resumeId: resume.resumeId, version: resume.versionNumber })} disabled={apply.isPending || newSkills.length === 0}>
              {apply.isPending ? <Loader2 className="animate-spin" /> : <UserPlus />}
              {newSkills.length ? `Add ${plural(newSkills.length, 'new skill')} to my profile` : 'All in your profile'}
            </Button>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <Target className="size-4 text-primary" aria-hidden="true" /> Keyword gap
            </CardTitle>
            <CardDescription>
              {target ? `Important for ${target}, missing from your resume.` : 'Choose a target role or job when uploading to see what is missing.'}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {analysis.keywordGap?.length ? (
              <ul className="flex flex-wrap gap-1.5" aria-label="Missing keywords">
                {analysis.keywordGap.map((s) => (
                  <li key={s}>
                    <Badge variant="warning">{s}</Badge>
                  </li>
                ))}
              </ul>
            ) : target ? (
              <p className="text-sm text-emerald-800">Your resume covers the important keywords.</p>
            ) : (
              <p className="text-sm text-muted-foreground">No target chosen.</p>
            )}
          </CardContent>
        </Card>
      </div>

      {analysis.experience?.length ? (
        <Card>
          <CardHeader>
            <CardTitle>Experience as read</CardTitle>
            <CardDescription>Check that dates and titles were read correctly: this is what an ATS sees.</CardDescription>
          </CardHeader>
          <CardContent>
            <ol className="grid gap-4">
              {analysis.experience.map((e, i) => (
                <li key={i} className="border-l-2 border-primary/30 pl-4">
                  <p className="font-medium">{[e.title, e.company].filter(Boolean).join(' · ') || 'Untitled role'}</p>
                  <p className="text-xs text-muted-foreground">
                    {[e.start, e.current ? 'present' : e.end].filter(Boolean).join(' – ')}
                    {e.location ? ` · ${e.location}` : ''}
                  </p>
                </li>
              ))}
            </ol>
          </CardContent>
        </Card>
      ) : null}
    </div>
  )
}

function VersionHistory({
  resumes,
  selected,
  version,
  onSelect,
}: {
  resumes: ResumeSummary[]
  selected: string | null
  version: number | undefined
  onSelect: (id: string, version?: number) => void
}) {
  const [confirm, setConfirm] = React.useState<ResumeSummary | null>(null)
  const [dropping, setDropping] = React.useState<{ resume: ResumeSummary; version: number } | null>(null)
  const remove = useDeleteResume()
  const removeVersion = useDeleteResumeVersion()
  const download = (id: string, v?: number) =>
    api.resume.download(id, v).catch((e: unknown) => toast({ title: 'Download failed', description: describeError(e), variant: 'error' }))
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your uploads</CardTitle>
        <CardDescription>Every version is kept; pick one to see its analysis.</CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="grid gap-2 [&>li]:min-w-0">
          {resumes.map((r) => {
            const isSelected = selected === r.resumeId
            const versions = [...r.versions].sort((a, b) => b.versionNumber - a.versionNumber)
            return (
              <li key={r.resumeId}>
                <div className={cn('flex items-center gap-1 rounded-md border p-2', isSelected && 'border-primary bg-accent')}>
                  <button
                    type="button"
                    className="flex min-w-0 flex-1 items-center gap-2 text-left cursor-pointer"
                    onClick={() => onSelect(r.resumeId)}
                    aria-pressed={isSelected}
                  >
                    <FileText className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
                    <span className="min-w-0 flex-1">
                      <span className="block truncate text-sm font-medium">{r.filename ?? 'Resume'}</span>
                      <span className="block text-xs text-muted-foreground">
                        {relativeTime(r.updatedAt ?? r.createdAt)}
                        {versions.length > 1 ? ` · ${versions.length} versions` : ''}
                      </span>
                    </span>
                    {r.status === 'done' && typeof r.atsScore === 'number' ? (
                      <Badge variant="secondary" className="tabular-nums" aria-label={`score ${r.atsScore}`}>{r.atsScore}</Badge>
                    ) : r.status === 'failed' ? (
                      <Badge variant="destructive">failed</Badge>
                    ) : (
                      <Badge variant="outline"><Loader2 className="size-3 animate-spin" aria-hidden="true" />{r.status}</Badge>
                    )}
                  </button>
                  <Button variant="ghost" size="icon" aria-label={`Download ${r.filename ?? 'resume'}`} onClick={() => void download(r.resumeId)}>
                    <Download />
                  </Button>
                  <Button variant="ghost" size="icon" aria-label={`Delete ${r.filename ?? 'resume'}`} onClick={() => setConfirm(r)}>
                    <Trash2 />
                  </Button>
                </div>
                {isSelected && versions.length > 1 ? (
                  <ol className="ml-6 mt-2 grid gap-0.5 border-l pl-2 text-xs" aria-label="Versions">
                    {versions.map((v, i) => {
                      const current = version ? v.versionNumber === version : i === 0
                      const finished = v.status === 'done' || v.status === 'failed'
                      return (
                        <li key={v.versionNumber} className="flex items-center gap-1">
                          <button
                            type="button"
                            onClick={() => onSelect(r.resumeId, i === 0 ? undefined : v.versionNumber)}
                            aria-current={current ? 'true' : undefined}
                            className={cn(
                              'flex w-full justify-between gap-2 rounded px-2 py-1 text-left cursor-pointer hover:bg-muted',
                              current ? 'font-medium text-foreground' : 'text-muted-foreground',
                            )}
                          >
                            <span>
                              Version {v.versionNumber} · {formatDate(v.createdAt)}
                            </span>
                            <span className="tabular-nums">{typeof v.atsScore === 'number' ? v.atsScore : v.status === 'failed' ? 'failed' : '…'}</span>
                          </button>
                          {finished ? (
                            <Button
                              variant="ghost"
                              size="icon"
                              className="size-6 shrink-0"
                              aria-label={`Delete version ${v.versionNumber}`}
                              onClick={() => setDropping({ resume: r, version: v.versionNumber })}
                            >
                              <Trash2 className="size-3.5" />
                            </Button>
                          ) : null}
                        </li>
                      )
                    })}
                  </ol>
                ) : null}
              </li>
            )
          })}
        </ul>
      </CardContent>
      <ConfirmDialog
        open={dropping !== null}
        onOpenChange={(o) => !o && setDropping(null)}
        title={`Delete version ${dropping?.version}?`}
        description={`Its file and analysis are removed; the other versions of “${dropping?.resume.filename}” stay. This cannot be undone.`}
        confirmLabel="Delete version"
        cancelLabel="Keep it"
        icon={Trash2}
        pending={removeVersion.isPending}
        onConfirm={() =>
          dropping &&
          removeVersion.mutate(
            { resumeId: dropping.resume.resumeId, version: dropping.version },
            {
              onSuccess: () => {
                setDropping(null)
                onSelect(dropping.resume.resumeId)
              },
            },
          )
        }
      />
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(o) => !o && setConfirm(null)}
        title="Delete this resume?"
        description={`“${confirm?.filename}”, all its versions and their analyses will be removed everywhere. This cannot be undone.`}
        confirmLabel="Delete"
        cancelLabel="Keep it"
        icon={Trash2}
        pending={remove.isPending}
        onConfirm={() => confirm && remove.mutate(confirm.resumeId, { onSuccess: () => setConfirm(null) })}
      />
    </Card>
  )
}

export default function ResumeOptimizer() {
  const resumes = useResumes()
  const me = useMe()
  const apps = useApplications()
  const [params, setParams] = useSearchParams()
  const [targetRole, setTargetRole] = React.useState('')
  const [targetJobId, setTargetJobId] = React.useState('')
  const list = React.useMemo(
    () => [...(resumes.data ?? [])].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '')),
    [resumes.data],
  )
  const selectedId = params.get('id') ?? list[0]?.resumeId ?? null
  const version = Number(params.get('v')) || undefined
  const selected = useResume(selectedId, version)
  const analysing = selected.data && selected.data.status !== 'done' && selected.data.status !== 'failed'
  const analysisTask = useTask(analysing ? selected.data?.taskId : null)
  const reanalyze = useReanalyzeResume()
  const [asNewVersion, setAsNewVersion] = React.useState(true)
  const jobs = (apps.data ?? []).filter((a) => a.jobId)

  // Starts from the profile's target role once it has loaded; clearing it afterwards stays cleared.
  const [seeded, setSeeded] = React.useState(false)
  if (!seeded && me.data) {
    setSeeded(true)
    if (!targetRole && me.data.targetRole) setTargetRole(me.data.targetRole)
  }

  const select = (id: string, v?: number) => setParams(v ? { id, v: String(v) } : { id })

  return (
    <>
      <PageHeader title="Resume optimizer" description="Your ATS score, what is strong, what is weak, and exactly what to change." />
      <div className="grid gap-6 lg:grid-cols-[20rem_minmax(0,1fr)]">
        <div className="grid min-w-0 content-start gap-6 [&>*]:min-w-0">
          <Card>
            <CardHeader>
              <CardTitle>Upload a resume</CardTitle>
              <CardDescription>PDF, DOCX or TXT. Your score and suggestions are ready in seconds.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              <div className="grid gap-1.5">
                <Label htmlFor="targetRole">Target role (for the keyword gap)</Label>
                <Input id="targetRole" value={targetRole} onChange={(e) => setTargetRole(e.target.value)} placeholder="e.g. Product Manager" />
              </div>
              {jobs.length ? (
                <div className="grid gap-1.5">
                  <Label htmlFor="targetJob">Or a job from your tracker</Label>
                  <NativeSelect id="targetJob" value={targetJobId} onChange={(e) => setTargetJobId(e.target.value)}>
                    <option value="">None</option>
                    {jobs.map((a) => (
                      <option key={a.applicationId} value={a.jobId ?? ''}>
                        {a.title} · {a.company}
                      </option>
                    ))}
                  </NativeSelect>
                </div>
              ) : null}
              {selectedId ? (
                <label className="flex items-start gap-2 text-sm">
                  <input type="checkbox" className="mt-0.5 accent-[var(--color-primary)]" checked={asNewVersion} onChange={(e) => setAsNewVersion(e.target.checked)} />
                  <span>
                    Upload as a new version of “{list.find((r) => r.resumeId === selectedId)?.filename ?? 'this resume'}”
                  </span>
                </label>
              ) : null}
              <ResumeUploader
                compact
                {...(targetRole.trim() ? { targetRole: targetRole.trim() } : {})}
                {...(targetJobId ? { targetJobId } : {})}
                {...(asNewVersion && selectedId ? { resumeId: selectedId } : {})}
                onDone={(r) => select(r.resumeId)}
              />
            </CardContent>
          </Card>
          {resumes.isPending ? <Skeleton className="h-40" /> : null}
          {list.length ? <VersionHistory resumes={list} selected={selectedId} version={version} onSelect={select} /> : null}
        </div>

        <div className="min-w-0">
          {resumes.isPending ? (
            <LoadingRows rows={4} label="Loading your resumes" />
          ) : resumes.isError ? (
            <ErrorState error={resumes.error} title="Could not load your resumes" onRetry={() => void resumes.refetch()} />
          ) : !selectedId ? (
            <EmptyState icon={FileText} title="No resume yet">
              Upload your resume on the left. In a few seconds you will see its score, a breakdown and concrete suggestions.
            </EmptyState>
          ) : selected.isPending ? (
            <LoadingRows rows={4} label="Loading the analysis" />
          ) : selected.isError ? (
            <ErrorState error={selected.error} title="Could not load this resume" onRetry={() => void selected.refetch()} />
          ) : selected.data.status === 'failed' ? (
            <ErrorState
              error={reanalyze.isError ? reanalyze.error : new Error(selected.data.error ?? 'The analysis failed.')}
              title={`We could not analyse “${selected.data.filename ?? 'this file'}”`}
              onRetry={reanalyze.isPending ? undefined : () => reanalyze.mutate({ resumeId: selectedId!, version })}
            />
          ) : selected.data.status !== 'done' || !selected.data.analysis ? (
            <Card>
              <TaskWaiting
                task={analysisTask.data}
                title={`${selected.data.status === 'queued' ? 'Waiting to analyse' : titleCase(selected.data.status)} “${selected.data.filename}”…`}
                detail="This usually takes a few seconds. The page updates by itself."
              />
            </Card>
          ) : (
            <>
              {version ? (
                <p className="mb-3 text-sm text-muted-foreground">
                  Showing version {version}.{' '}
                  <button type="button" className="text-primary hover:underline cursor-pointer" onClick={() => selectedId && select(selectedId)}>
                    Show the latest
                  </button>
                </p>
              ) : null}
              <AnalysisView resume={selected.data} analysis={selected.data.analysis} />
            </>
          )}
        </div>
      </div>
    </>
  )
}
