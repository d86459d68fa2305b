import { Link } from 'react-router-dom'
import { Bookmark, BookmarkCheck, Building2, Clock, MapPin } from 'lucide-react'
import type { Job } from '@/api/types'
import { ScoreBadge } from '@/components/score'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { formatSalary, relativeTime, titleCase } from '@/lib/format'

export function JobCard({ job, saved, onSave, saving }: { job: Job; saved: boolean; onSave: () => void; saving: boolean }) {
  const salary = formatSalary(job.salary)
  return (
    <Card className="p-4 transition-shadow hover:shadow-md sm:p-5" data-testid="job-card">
      <div className="flex items-start gap-4">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="text-base font-semibold">
              <Link to={`/jobs/${encodeURIComponent(job.jobId)}`} className="hover:text-primary hover:underline underline-offset-4">
                {job.title}
              </Link>
            </h3>
            {job.demo ? <Badge variant="outline" className="font-normal">demo</Badge> : null}
          </div>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground">
            <span className="inline-flex items-center gap-1">
              <Building2 className="size-3.5" aria-hidden="true" />
              {job.company}
            </span>
            {job.location ? (
              <span className="inline-flex items-center gap-1">
                <MapPin className="size-3.5" aria-hidden="true" />
                {job.location}
              </span>
            ) : null}
            {job.postedDate ? (
              <span className="inline-flex items-center gap-1">
                <Clock className="size-3.5" aria-hidden="true" />
                {relativeTime(job.postedDate)}
              </span>
            ) : null}
          </p>
          <div className="mt-3 flex flex-wrap gap-1.5">
            {salary ? <Badge variant="secondary">{salary}</Badge> : null}
            {job.remote && job.remote !== 'no' ? <Badge variant="info">{job.remote === 'yes' ? 'Remote' : titleCase(job.remote)}</Badge> : null}
            {job.seniority ? <Badge variant="outline">{titleCase(job.seniority)}</Badge> : null}
            {job.employmentType ? <Badge variant="outline">{titleCase(job.employmentType)}</Badge> : null}
          </div>
          {job.matchedSkills?.length || job.missingSkills?.length ? (
            <p className="mt-3 text-xs text-muted-foreground">
              {job.matchedSkills?.length ? (
                <>
                  <span className="font-medium text-emerald-700">You have:</span> {job.matchedSkills.slice(0, 5).join(', ')}
                  {job.matchedSkills.length > 5 ? ` +${job.matchedSkills.length - 5}` : ''}
                </>
              ) : null}
              {job.missingSkills?.length ? (
                <>
                  {job.matchedSkills?.length ? ' · ' : ''}
                  <span className="font-medium text-amber-700">Missing:</span> {job.missingSkills.slice(0, 3).join(', ')}
                  {job.missingSkills.length > 3 ? ` +${job.missingSkills.length - 3}` : ''}
                </>
              ) : null}
            </p>
          ) : null}
        </div>
        <div className="flex shrink-0 flex-col items-end gap-2">
          <ScoreBadge score={job.score} className="text-sm" />
          <Button variant={saved ? 'secondary' : 'outline'} size="sm" onClick={onSave} disabled={saved || saving} aria-label={saved ? `${job.title} is saved` : `Save ${job.title} to tracker`}>
            {saved ? <BookmarkCheck /> : <Bookmark />}
            <span className="hidden sm:inline">{saved ? 'Saved' : 'Save'}</span>
          </Button>
        </div>
      </div>
    </Card>
  )
}
