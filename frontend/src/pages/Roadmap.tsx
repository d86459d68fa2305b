import * as React from 'react'
import { useSearchParams } from 'react-router-dom'
import { ArrowRight, BookOpen, CheckCircle2, Circle, Flag, Info, Loader2, Map as MapIcon } from 'lucide-react'
import type { Milestone, Roadmap as RoadmapData } from '@/api/types'
import { EmptyState, ErrorState, PageHeader } from '@/components/states'
import { SkillsInput } from '@/components/skills/SkillsInput'
import { TaskWaiting } from '@/components/TaskNotice'
import { Field } from '@/components/field'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Label } from '@/components/ui/label'
import { Progress } from '@/components/ui/progress'
import { isTaskDone, useMe, useStartRoadmap, useTask } from '@/hooks/queries'
import { plural } from '@/lib/format'
import { cn } from '@/lib/utils'
import { AiWritten } from '@/components/AiWritten'

function totalWeeks(r: RoadmapData): number {
  return r.timeline?.totalWeeks ?? r.milestones.reduce((n, m) => n + (m.weeks || 0), 0)
}

function resourcesOf(m: Milestone) {
  return (m.resources ?? []).slice(0, 4)
}

function RoadmapView({ r }: { r: RoadmapData }) {
  const weeks = totalWeeks(r)
  const have = r.requiredSkills.filter((s) => s.have).length
  const summary = r.timeline?.summary ?? null
  // Each milestone's first week: the weeks of the ones before it, added up.
  const starts = r.milestones.reduce<number[]>((acc, _m, i) => [...acc, i ? acc[i - 1]! + (r.milestones[i - 1]!.weeks || 0) : 0], [])
  return (
    <div className="grid gap-6" data-testid="roadmap">
      <Card>
        <CardContent className="flex flex-col gap-4 p-5 sm:flex-row sm:items-center">
          <div className="flex flex-1 items-center gap-3 text-lg font-semibold">
            <span>{r.currentRole || 'Today'}</span>
            <ArrowRight className="size-5 text-primary" aria-hidden="true" />
            <span>{r.targetRole}</span>
          </div>
          <div className="flex gap-6 text-sm">
            <div>
              <p className="text-2xl font-bold tabular-nums">{weeks}</p>
              <p className="text-muted-foreground">{weeks === 1 ? 'week' : 'weeks'}</p>
            </div>
            <div>
              <p className="text-2xl font-bold tabular-nums">
                {have}/{r.requiredSkills.length}
              </p>
              <p className="text-muted-foreground">skills you have</p>
            </div>
          </div>
        </CardContent>
        {summary || r.narrative || r.notes?.length ? (
          <CardContent className="grid gap-2 pt-0 text-sm text-muted-foreground">
            {summary ? <p>{summary}.</p> : null}
            {r.narrative ? (
              <div className="grid gap-1">
                <AiWritten />
                <p className="text-foreground">{r.narrative}</p>
              </div>
            ) : null}
            {r.notes?.map((n) => (
              <p key={n} className="flex items-start gap-1.5 text-amber-800">
                <Info className="mt-0.5 size-3.5 shrink-0" aria-hidden="true" /> {n}.
              </p>
            ))}
          </CardContent>
        ) : null}
      </Card>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card>
          <CardHeader>
            <CardTitle>Milestones</CardTitle>
            <CardDescription>In the order to take them; the weeks add up to the whole plan.</CardDescription>
          </CardHeader>
          <CardContent>
            {r.milestones.length ? (
              <ol className="relative grid gap-6 border-l-2 border-indigo-100 pl-6">
                {r.milestones.map((m, i) => {
                  const from = starts[i] ?? 0
                  return (
                    <li key={i} className="relative">
                      <span aria-hidden="true" className="absolute -left-[33px] flex size-4 items-center justify-center rounded-full bg-primary ring-4 ring-white" />
                      <p className="text-xs font-medium text-primary">
                        {(m.weeks || 0) > 1 ? `Weeks ${from + 1}–${from + (m.weeks || 0)}` : `Week ${from + 1}`}
                      </p>
                      <h3 className="font-semibold">{m.title}</h3>
                      <p className="mt-1 text-sm text-muted-foreground">{m.outcome}</p>
                      {m.skills.length ? (
                        <ul className="mt-2 flex flex-wrap gap-1.5">
                          {m.skills.map((s) => (
                            <li key={s}><Badge variant="secondary">{s}</Badge></li>
                          ))}
                        </ul>
                      ) : null}
                      {m.why?.length ? <p className="mt-2 text-xs text-muted-foreground">Why: {m.why.join('; ')}.</p> : null}
                      {resourcesOf(m).length ? (
                        <ul className="mt-2 grid gap-1 text-xs" aria-label="Resources">
                          {resourcesOf(m).map((x) => (
                            <li key={x.title} className="flex items-center gap-1.5">
                              <BookOpen className="size-3 shrink-0 text-primary" aria-hidden="true" />
                              {x.url ? (
                                <a href={x.url} target="_blank" rel="noreferrer" className="text-primary hover:underline">
                                  {x.title}
                                </a>
                              ) : (
                                <span>{x.title}</span>
                              )}
                              {x.kind ? <span className="text-muted-foreground">({x.kind})</span> : null}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </li>
                  )
                })}
                <li className="relative">
                  <span aria-hidden="true" className="absolute -left-[35px] flex size-5 items-center justify-center rounded-full bg-emerald-500 text-white ring-4 ring-white">
                    <Flag className="size-3" />
                  </span>
                  <p className="font-semibold">Ready for {r.targetRole}</p>
                </li>
              </ol>
            ) : (
              <p className="text-sm text-emerald-800">You already have what this role asks for. Start applying!</p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Skills gap</CardTitle>
            <CardDescription>
              Share of {r.targetRole} postings asking for each skill
              {r.basis?.postingsAnalysed ? ` (${plural(r.basis.postingsAnalysed, 'posting')})` : ''}.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-3">
              {r.requiredSkills.map((s) => (
                <li key={s.name} className="grid gap-1">
                  <div className="flex items-center gap-2 text-sm">
                    {s.have ? (
                      <CheckCircle2 className="size-4 text-emerald-600" aria-label="You have it" />
                    ) : (
                      <Circle className="size-4 text-amber-600" aria-label="To learn" />
                    )}
                    <span className={cn('flex-1', s.have && 'text-muted-foreground')}>{s.name}</span>
                    <span className="text-xs tabular-nums text-muted-foreground">{Math.round(s.importance)}%</span>
                  </div>
                  <Progress value={s.importance} className="h-1.5" indicatorClassName={s.have ? 'bg-emerald-500' : 'bg-amber-500'} aria-label={`${s.name} importance`} />
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      </div>
    </div>
  )
}

export default function Roadmap() {
  const me = useMe()
  const [params] = useSearchParams()
  const [currentRole, setCurrentRole] = React.useState('')
  const [targetRole, setTargetRole] = React.useState(params.get('target') ?? '')
  const [skills, setSkills] = React.useState<string[]>([])
  // The form starts from the profile once it has loaded, and is the user's from then on.
  const [seeded, setSeeded] = React.useState(false)
  if (!seeded && me.data) {
    setSeeded(true)
    if (!targetRole && me.data.targetRole) setTargetRole(me.data.targetRole)
    setSkills(me.data.skills ?? [])
  }

  const start = useStartRoadmap()
  const build = () => start.mutate({ currentRole: currentRole.trim(), targetRole: targetRole.trim(), skills })
  const taskId = start.data?.taskId ?? null
  const task = useTask(taskId)
  const fromTask = task.data?.status === 'succeeded' ? (task.data.result as RoadmapData | null) : null
  const roadmap = fromTask
  const running = start.isPending || (taskId !== null && (!task.data || !isTaskDone(task.data)))

  return (
    <>
      <PageHeader title="Career roadmap" description="The skills between you and the role you want, in the order to learn them." />
      <Card className="mb-6">
        <CardContent className="p-5">
          <form
            className="grid gap-4 md:grid-cols-2"
            onSubmit={(e) => {
              e.preventDefault()
              if (targetRole.trim()) build()
            }}
          >
            <Field
              label="Current role"
              value={currentRole}
              onChange={(e) => setCurrentRole(e.target.value)}
              placeholder="e.g. Customer Support Specialist"
              hint="Left empty, the latest title on your resume is used."
            />
            <Field label="Target role" value={targetRole} onChange={(e) => setTargetRole(e.target.value)} placeholder="e.g. Data Analyst" required />
            <div className="grid gap-1.5 md:col-span-2">
              <Label htmlFor="roadmap-skills">Skills you have</Label>
              <SkillsInput id="roadmap-skills" value={skills} onChange={setSkills} />
              <p className="text-xs text-muted-foreground">The skills found in your latest resume are counted too.</p>
            </div>
            <div className="md:col-span-2">
              <Button type="submit" disabled={!targetRole.trim() || running}>
                {running ? <Loader2 className="animate-spin" /> : <MapIcon />} {roadmap ? 'Rebuild roadmap' : 'Build my roadmap'}
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
      {start.isError ? (
        <ErrorState error={start.error} title="Could not build the roadmap" onRetry={() => build()} />
      ) : task.isError ? (
        <ErrorState error={task.error} title="Could not follow the roadmap's progress" onRetry={() => void task.refetch()} />
      ) : task.data?.status === 'failed' ? (
        <ErrorState error={new Error(task.data.error ?? 'The roadmap could not be built.')} title="The roadmap failed" onRetry={() => build()} />
      ) : running ? (
        <Card>
          <TaskWaiting
            task={task.data}
            title="Building your roadmap…"
            detail={task.data?.stage ? `${task.data.stage}.` : 'Comparing your skills with what postings for this role ask for.'}
          />
        </Card>
      ) : roadmap ? (
        <RoadmapView r={roadmap} />
      ) : (
        <EmptyState icon={MapIcon} title="Where do you want to go?">
          Enter your target role and build a plan: the skills to learn, in order, with milestones and a timeline.
        </EmptyState>
      )}
    </>
  )
}
