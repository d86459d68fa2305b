import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/api/endpoints'
import { describeError } from '@/api/errors'
import type {
  Application,
  ApplicationInput,
  ApplicationPatch,
  ApplicationStatus,
  JobFilters,
  ProfileUpdate,
  ResumeSummary,
  TaskRun,
} from '@/api/types'
import { toast } from '@/components/ui/toast'
import { SLOW_AFTER_MS, TASK_FINAL } from '@/lib/tasks'

export const keys = {
  me: ['me'] as const,
  resumes: ['resumes'] as const,
  resume: (id: string, version?: number) => ['resumes', id, version ?? 'latest'] as const,
  jobs: (f: JobFilters) => ['jobs', 'search', f] as const,
  job: (id: string) => ['jobs', 'detail', id] as const,
  jobMatch: (id: string) => ['jobs', 'match', id] as const,
  market: (role: string, location: string) => ['market', role, location] as const,
  applications: ['applications'] as const,
  gmail: ['gmail'] as const,
  interviews: ['interviews'] as const,
  review: (status: string) => ['review', status] as const,
  task: (id: string) => ['tasks', id] as const,
}

const RESUME_FINAL = new Set(['done', 'failed'])

export function useMe() {
  return useQuery({ queryKey: keys.me, queryFn: api.me.get, staleTime: 30_000 })
}

export function useUpdateMe() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: ProfileUpdate) => api.me.update(body),
    onSuccess: (profile) => {
      qc.setQueryData(keys.me, profile)
      // Scores depend on the profile.
      void qc.invalidateQueries({ queryKey: ['jobs'] })
    },
  })
}

export function useResumes() {
  return useQuery({
    queryKey: keys.resumes,
    queryFn: api.resume.list,
    refetchInterval: (q) =>
      (q.state.data ?? []).some((r) => !RESUME_FINAL.has(r.status ?? 'done')) ? 1500 : false,
  })
}

/** One resume (its latest version, or the one asked for), polled while its analysis runs. */
export function useResume(id: string | null | undefined, version?: number) {
  const qc = useQueryClient()
  return useQuery({
    queryKey: keys.resume(id ?? '', version),
    queryFn: async () => {
      const r = await api.resume.get(id!, version)
      if (RESUME_FINAL.has(r.status)) {
        void qc.invalidateQueries({ queryKey: keys.resumes, exact: true })
        void qc.invalidateQueries({ queryKey: ['jobs'] })
      }
      return r
    },
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data && RESUME_FINAL.has(q.state.data.status) ? false : 1000),
  })
}

export function useTask(id: string | null | undefined) {
  return useQuery({
    queryKey: keys.task(id ?? ''),
    queryFn: () => api.tasks.get(id!),
    enabled: Boolean(id),
    // Every second while it should be quick; every 5 s once it is overdue (the page says so).
    refetchInterval: (q) => {
      const task = q.state.data
      if (task && TASK_FINAL.has(task.status)) return false
      return task && Date.now() - new Date(task.createdAt).getTime() > SLOW_AFTER_MS ? 5000 : 1000
    },
  })
}

export function isTaskDone(task: TaskRun | undefined): boolean {
  return Boolean(task && TASK_FINAL.has(task.status))
}

export function useJobs(filters: JobFilters) {
  return useQuery({
    queryKey: keys.jobs(filters),
    queryFn: () => api.jobs.search(filters),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  })
}

export function useJob(id: string) {
  return useQuery({ queryKey: keys.job(id), queryFn: () => api.jobs.get(id), staleTime: 60_000 })
}

export function useJobExplanation(id: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.jobMatch(id),
    queryFn: () => api.jobs.explain(id),
    enabled,
    staleTime: 5 * 60_000,
  })
}

export function useMarket(role: string, location: string) {
  return useQuery({
    queryKey: keys.market(role, location),
    queryFn: () => api.market(role, location || undefined),
    enabled: role.trim().length > 0,
    staleTime: 5 * 60_000,
  })
}

export function useApplications() {
  return useQuery({ queryKey: keys.applications, queryFn: api.applications.list })
}

/** Saves a job from search into the tracker (saving it twice returns the same application). */
export function useSaveJob() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (jobId: string) => api.jobs.save(jobId),
    onSuccess: (app) => {
      qc.setQueryData<Application[]>(keys.applications, (old) =>
        old ? [app, ...old.filter((a) => a.applicationId !== app.applicationId)] : old,
      )
      void qc.invalidateQueries({ queryKey: keys.applications })
      toast({ title: 'Saved to your tracker', description: `${app.title ?? 'Job'} at ${app.company}`, variant: 'success' })
    },
    onError: (err) => toast({ title: 'Could not save', description: describeError(err), variant: 'error' }),
  })
}

export function useCreateApplication() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (body: ApplicationInput) => api.applications.create(body),
    onSuccess: (app) => {
      qc.setQueryData<Application[]>(keys.applications, (old) => (old ? [app, ...old] : old))
      void qc.invalidateQueries({ queryKey: keys.applications })
      toast({ title: 'Added to your tracker', description: `${app.title ?? 'Application'} at ${app.company}`, variant: 'success' })
    },
    onError: (err) => toast({ title: 'Could not add', description: describeError(err), variant: 'error' }),
  })
}

/** Moves an application to a new status at once, and back if the API refuses. */
export function useMoveApplication() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: ApplicationStatus }) =>
      api.applications.update(id, { status }),
    onMutate: async ({ id, status }) => {
      await qc.cancelQueries({ queryKey: keys.applications })
      const previous = qc.getQueryData<Application[]>(keys.applications)
      qc.setQueryData<Application[]>(keys.applications, (old) =>
        old?.map((a) => (a.applicationId === id ? { ...a, status } : a)),
      )
      return { previous }
    },
    onError: (err, _vars, ctx) => {
      if (ctx?.previous) qc.setQueryData(keys.applications, ctx.previous)
      toast({ title: 'Could not move the application', description: describeError(err), variant: 'error' })
    },
    onSuccess: (app) => {
      qc.setQueryData<Application[]>(keys.applications, (old) =>
        old?.map((a) => (a.applicationId === app.applicationId ? app : a)),
      )
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: keys.applications }),
  })
}

export function useUpdateApplication() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string } & ApplicationPatch) => api.applications.update(id, body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.applications }),
    onError: (err) => toast({ title: 'Could not update', description: describeError(err), variant: 'error' }),
  })
}

export function useDeleteApplication() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.applications.remove(id),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.applications }),
    onError: (err) => toast({ title: 'Could not delete', description: describeError(err), variant: 'error' }),
  })
}

export function useGmailStatus(enabled = true) {
  return useQuery({ queryKey: keys.gmail, queryFn: api.gmail.status, retry: 1, enabled })
}

export function useReviewItems(status: 'pending' | 'accepted' = 'pending') {
  return useQuery({ queryKey: keys.review(status), queryFn: () => api.review.list(status) })
}

/** Everything an email, or the person's word on one, may have changed. */
export function useInvalidateTracker() {
  const qc = useQueryClient()
  return () =>
    Promise.all(
      [keys.interviews, keys.applications, ['review'], keys.gmail].map((queryKey) => qc.invalidateQueries({ queryKey })),
    )
}

export function useInterviews() {
  return useQuery({ queryKey: keys.interviews, queryFn: api.interviews.list, retry: 1 })
}

/** The most recently updated resume whose latest version has a score. */
export function latestAnalysed(resumes: ResumeSummary[] | undefined): ResumeSummary | undefined {
  return [...(resumes ?? [])]
    .filter((r) => typeof r.atsScore === 'number')
    .sort((a, b) => (b.updatedAt ?? b.createdAt ?? '').localeCompare(a.updatedAt ?? a.createdAt ?? ''))[0]
}
