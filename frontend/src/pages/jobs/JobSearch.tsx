import * as React from 'react'
import { useSearchParams } from 'react-router-dom'
import { ChevronLeft, ChevronRight, Search, SearchX, SlidersHorizontal } from 'lucide-react'
import type { JobFilters } from '@/api/types'
import { JobCard } from '@/components/jobs/JobCard'
import { EmptyState, ErrorState, LoadingRows, PageHeader } from '@/components/states'
import { Button } from '@/components/ui/button'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { useApplications, useJobs, useSaveJob } from '@/hooks/queries'
import { plural } from '@/lib/format'

const PAGE_SIZE = 20

function filtersFrom(params: URLSearchParams): JobFilters {
  const n = Number(params.get('minSalary'))
  return {
    q: params.get('q') ?? '',
    location: params.get('location') ?? '',
    remote: params.get('remote') ?? '',
    seniority: params.get('seniority') ?? '',
    ...(n > 0 ? { minSalary: n } : {}),
    sort: params.get('sort') === 'date' ? 'date' : 'score',
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZE,
  }
}

export default function JobSearch() {
  const [params, setParams] = useSearchParams()
  const filters = filtersFrom(params)
  const jobs = useJobs(filters)
  const apps = useApplications()
  const save = useSaveJob()
  const savedIds = new Set((apps.data ?? []).map((a) => a.jobId).filter(Boolean))
  const [savingId, setSavingId] = React.useState<string | null>(null)
  const activeFilters = ['location', 'remote', 'seniority', 'minSalary'].filter((k) => params.get(k)).length
  const [moreFilters, setMoreFilters] = React.useState(false)
  // Searching re-creates the form (so its fields show the URL's filters) and paging removes the
  // button pressed: either way the focus goes to the results' heading, where reading continues.
  const resultsRef = React.useRef<HTMLHeadingElement>(null)
  const focusResults = React.useRef(false)
  const query = params.toString()
  React.useEffect(() => {
    if (!focusResults.current) return
    focusResults.current = false
    resultsRef.current?.focus()
  }, [query])

  function apply(form: HTMLFormElement) {
    const data = new FormData(form)
    const next = new URLSearchParams()
    for (const key of ['q', 'location', 'remote', 'seniority', 'minSalary', 'sort']) {
      const v = String(data.get(key) ?? '').trim()
      if (v) next.set(key, v)
    }
    focusResults.current = true
    setParams(next)
  }

  function setPage(page: number) {
    const next = new URLSearchParams(params)
    next.set('page', String(page))
    focusResults.current = true
    setParams(next)
    window.scrollTo({ top: 0 })
  }

  const total = jobs.data?.total ?? 0
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))

  return (
    <>
      <PageHeader title="Job search" description="Every open job, ranked by how well it fits your profile and resume." />
      <form
        role="search"
        aria-label="Filter jobs"
        className="mb-6 grid gap-3 rounded-lg border bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-6"
        onSubmit={(e) => {
          e.preventDefault()
          apply(e.currentTarget)
        }}
        key={params.toString()}
      >
        <div className="grid gap-1.5 sm:col-span-2">
          <Label htmlFor="q">Keywords</Label>
          <Input id="q" name="q" placeholder="Title, skill or company" defaultValue={filters.q} />
        </div>
        <Button
          variant="outline"
          size="sm"
          className="w-fit sm:hidden"
          aria-expanded={moreFilters}
          aria-controls="more-filters"
          onClick={() => setMoreFilters((o) => !o)}
        >
          <SlidersHorizontal /> {moreFilters ? 'Fewer filters' : `More filters${activeFilters ? ` (${activeFilters})` : ''}`}
        </Button>
        <div id="more-filters" className={moreFilters ? 'contents' : 'hidden sm:contents'}>
        <div className="grid gap-1.5">
          <Label htmlFor="location">Location</Label>
          <Input id="location" name="location" placeholder="City or country" defaultValue={filters.location} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="remote">Remote</Label>
          <NativeSelect id="remote" name="remote" defaultValue={filters.remote}>
            <option value="">Any</option>
            <option value="yes">Remote</option>
            <option value="hybrid">Hybrid</option>
            <option value="no">On-site</option>
          </NativeSelect>
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="minSalary">Min. salary</Label>
          <Input id="minSalary" name="minSalary" inputMode="numeric" placeholder="e.g. 80000" defaultValue={filters.minSalary ?? ''} />
        </div>
        <div className="grid gap-1.5">
          <Label htmlFor="seniority">Seniority</Label>
          <NativeSelect id="seniority" name="seniority" defaultValue={filters.seniority}>
            <option value="">Any</option>
            <option value="intern">Intern</option>
            <option value="junior">Junior</option>
            <option value="mid">Mid-level</option>
            <option value="senior">Senior</option>
            <option value="lead">Lead</option>
            <option value="principal">Principal</option>
            <option value="executive">Executive</option>
          </NativeSelect>
        </div>
        </div>
        <div className="flex items-end gap-3 sm:col-span-2 lg:col-span-6">
          <div className="grid gap-1.5">
            <Label htmlFor="sort">Sort by</Label>
            <NativeSelect
              id="sort"
              name="sort"
              defaultValue={filters.sort}
              onChange={(e) => e.currentTarget.form && apply(e.currentTarget.form)}
            >
              <option value="score">Best match</option>
              <option value="date">Newest</option>
            </NativeSelect>
          </div>
          <Button type="submit" className="ml-auto">
            <Search /> Search
          </Button>
        </div>
      </form>

      <div aria-live="polite" className="mb-3 flex items-center justify-between text-sm text-muted-foreground">
        <h2 ref={resultsRef} tabIndex={-1} className="font-normal focus:outline-none">
          {jobs.data ? (
            <>
              {plural(total, 'job')}
              {filters.sort === 'score' ? ', best match first' : ', newest first'}
              {pages > 1 ? `, page ${filters.page} of ${pages}` : ''}
            </>
          ) : (
            'Jobs'
          )}
        </h2>
        {jobs.isFetching && !jobs.isPending ? <span>Updating…</span> : null}
      </div>

      {jobs.isPending ? (
        <LoadingRows rows={5} label="Loading jobs" />
      ) : jobs.isError ? (
        <ErrorState error={jobs.error} title="Could not load jobs" onRetry={() => void jobs.refetch()} />
      ) : jobs.data.items.length === 0 ? (
        <EmptyState icon={SearchX} title="No jobs match these filters" action={<Button variant="outline" onClick={() => setParams(new URLSearchParams())}>Clear filters</Button>}>
          Try fewer keywords, another location, or a lower minimum salary.
        </EmptyState>
      ) : (
        <>
          <ul className="grid gap-3" aria-label="Jobs">
            {jobs.data.items.map((job) => (
              <li key={job.jobId}>
                <JobCard
                  job={job}
                  saved={savedIds.has(job.jobId)}
                  saving={savingId === job.jobId && save.isPending}
                  onSave={() => {
                    setSavingId(job.jobId)
                    save.mutate(job.jobId)
                  }}
                />
              </li>
            ))}
          </ul>
          {pages > 1 ? (
            <nav aria-label="Pages" className="mt-6 flex items-center justify-center gap-3">
              <Button variant="outline" size="sm" disabled={(filters.page ?? 1) <= 1} onClick={() => setPage((filters.page ?? 1) - 1)}>
                <ChevronLeft /> Previous
              </Button>
              <span className="text-sm text-muted-foreground">
                Page {filters.page} of {pages}
              </span>
              <Button variant="outline" size="sm" disabled={(filters.page ?? 1) >= pages} onClick={() => setPage((filters.page ?? 1) + 1)}>
                Next <ChevronRight />
              </Button>
            </nav>
          ) : null}
        </>
      )}
    </>
  )
}
