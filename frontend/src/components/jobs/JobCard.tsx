import { Link } from 'react-router-dom'
import { Bookmark, BookmarkCheck } from 'lucide-react'
import type { Job } from '@/api/types'
import { ScoreBadge } from '@/components/score'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { formatSalary, relativeTime, titleCase } from '@/lib/format'

function skillsLine(job: Job): string | null {
  const have = job.matchedSkills ?? []
  const missing = job.missingSkills ?? []
  const parts = [
    have.length ? `You have: ${have.slice(0, 5).join(', ')}${have.length > 5 ? ` +${have.length - 5}` : ''}` : '',
    missing.length ? `Missing: ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` +${missing.length - 3}` : ''}` : '',
  ].filter(Boolean)
  return parts.length ? parts.join(' · ') : null
}

/** One search result. Kept flat (a page shows twenty): text joined into lines rather than an
 * icon and a wrapper per fact. */
export function JobCard({ job, saved, onSave, saving }: { job: Job; saved: boolean; onSave: () => void; saving: boolean }) {
  const salary = formatSalary(job.salary)
  const facts = [job.company, job.location, job.postedDate ? relativeTime(job.postedDate) : null].filter(Boolean).join(' · ')
  const skills = skillsLine(job)
  return (
    <article
      className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-4 gap-y-2 rounded-lg border bg-card p-4 shadow-sm transition-shadow hover:shadow-md sm:p-5"
      data-testid="job-card"
    >
      <h3 className="min-w-0 break-words text-base font-semibold">
        <Link to={`/jobs/${encodeURIComponent(job.jobId)}`} className="hover:text-primary hover:underline underline-offset-4">
          {job.title}
        </Link>
        {job.demo ? <Badge variant="outline" className="ml-2 align-middle font-normal">demo</Badge> : null}
      </h3>
      <ScoreBadge score={job.score} className="h-fit text-sm" />
      <p className="min-w-0 break-words text-sm text-muted-foreground">{facts}</p>
      {/* aria-disabled, not disabled: the button keeps the focus while it turns into "Saved". */}
      <Button
        variant={saved ? 'secondary' : 'outline'}
        size="sm"
        className="row-span-2 justify-self-end"
        onClick={saved || saving ? undefined : onSave}
        aria-disabled={saved || saving}
        aria-label={saved ? `${job.title} is saved` : `Save ${job.title} to tracker`}
      >
        {saved ? <BookmarkCheck /> : <Bookmark />}
        <span className="hidden sm:inline">{saved ? 'Saved' : 'Save'}</span>
      </Button>
      <p className="flex min-w-0 flex-wrap gap-1.5">
        {salary ? <Badge variant="secondary">{salary}</Badge> : null}
        {job.remote && job.remote !== 'no' ? <Badge variant="info">{job.remote === 'yes' ? 'Remote' : titleCase(job.remote)}</Badge> : null}
        {job.seniority ? <Badge variant="outline">{titleCase(job.seniority)}</Badge> : null}
        {job.employmentType ? <Badge variant="outline">{titleCase(job.employmentType)}</Badge> : null}
      </p>
      {skills ? <p className="col-span-2 text-xs text-muted-foreground">{skills}</p> : null}
    </article>
  )
}
