import * as React from 'react'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/api/endpoints'
import { describeError } from '@/api/errors'
import type {
  Application,
  ApplicationInput,
  ApplicationPatch,
  ApplicationStatus,
  JobFilters,
  MailboxImport,
  ProfileUpdate,
  ResumeSummary,
  ReviewStatus,
  TaskRun,
} from '@/api/types'
import { endSession, getSession } from '@/auth/session'
import { toast } from '@/components/ui/toast'
import { RETURN_KEY, scanToast } from '@/lib/gmail'
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
  mailImport: (id: string) => ['mail-imports', id] as const,
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
  const query = useQuery({
    queryKey: keys.resume(id ?? '', version),
    queryFn: () => api.resume.get(id!, version),
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data && RESUME_FINAL.has(q.state.data.status) ? false : 1000),
  })
  // A finished analysis changes the list's scores and every job's match: refresh them once it lands.
  const status = query.data?.status
  React.useEffect(() => {
    if (!status || !RESUME_FINAL.has(status)) return
    void qc.invalidateQueries({ queryKey: keys.resumes, exact: true })
    void qc.invalidateQueries({ queryKey: ['jobs'] })
    // A new version that finished is now the resume's latest: its page must not keep the old one.
    if (id && version !== undefined) void qc.invalidateQueries({ queryKey: keys.resume(id), exact: true })
  }, [qc, id, version, status])
  return query
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

/** Sends an overdue task again; the poll picks up the new run. */
export function useResendTask() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (taskId: string) => api.tasks.resend(taskId),
    onSuccess: (run) => qc.setQueryData(keys.task(run.taskId), run),
  })
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

export function useReviewItems(status: ReviewStatus = 'pending') {
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

const IMPORT_FINAL = new Set(['done', 'failed'])

/** One mailbox import, polled every second until it is done or failed. */
export function useMailImport(id: string | null) {
  return useQuery({
    queryKey: keys.mailImport(id ?? ''),
    queryFn: () => api.mailImports.get(id!),
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data && IMPORT_FINAL.has(q.state.data.status) ? false : 1000),
  })
}

export function useInterviews() {
  return useQuery({ queryKey: keys.interviews, queryFn: api.interviews.list, retry: 1 })
}

/** Adds an interview by hand; it joins the application named (or the one with its company). */
export function useCreateInterview() {
  const refresh = useInvalidateTracker()
  return useMutation({
    mutationFn: api.interviews.create,
    onSuccess: async () => {
      await refresh()
      toast({ title: 'Interview added', variant: 'success' })
    },
  })
}

export function useApplyResumeToProfile() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ resumeId, version }: { resumeId: string; version?: number }) =>
      api.resume.applyToProfile(resumeId, version),
    onSuccess: (result) => {
      void qc.invalidateQueries({ queryKey: keys.me })
      void qc.invalidateQueries({ queryKey: ['jobs'] })
      toast({
        title: 'Profile updated',
        description: result.added.length ? `Added ${result.added.join(', ')}.` : 'Your profile already had every skill found.',
        variant: 'success',
      })
    },
    onError: (err) => toast({ title: 'Could not update your profile', description: describeError(err), variant: 'error' }),
  })
}

export function useDeleteResume() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.resume.remove(id),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.resumes })
      toast({ title: 'Resume deleted', description: 'Every version, file and analysis was removed.', variant: 'success' })
    },
    onError: (err) => toast({ title: 'Could not delete', description: describeError(err), variant: 'error' }),
  })
}

export function useDeleteResumeVersion() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ resumeId, version }: { resumeId: string; version: number }) => api.resume.removeVersion(resumeId, version),
    onSuccess: (now, { version }) => {
      // Every cached view of this resume (the latest, each version) may have changed.
      void qc.invalidateQueries({ queryKey: keys.resumes })
      toast({
        title: `Version ${version} deleted`,
        description: `Version ${now.versionNumber} is now the latest of this resume.`,
        variant: 'success',
      })
    },
    onError: (err) => toast({ title: 'Could not delete the version', description: describeError(err), variant: 'error' }),
  })
}

export function useReanalyzeResume() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: ({ resumeId, version }: { resumeId: string; version?: number }) => api.resume.reanalyze(resumeId, version),
    onSuccess: () => void qc.invalidateQueries({ queryKey: keys.resumes }),
  })
}

export function useStartRoadmap() {
  return useMutation({ mutationFn: api.roadmap })
}

export function useExportData() {
  return useMutation({
    mutationFn: api.me.export,
    onSuccess: () => toast({ title: 'Export ready', description: 'Your data was downloaded as a JSON file.', variant: 'success' }),
    onError: (err) => toast({ title: 'Export failed', description: describeError(err), variant: 'error' }),
  })
}

export function useDeleteAccount() {
  return useMutation({
    mutationFn: api.me.delete,
    onSuccess: () => {
      const mode = getSession()?.mode
      endSession('/')
      // The browser still holds the deleted account's sign-in cookies: the API clears them, as at
      // sign-out, or the next visit would try to resume a session that no longer exists.
      if (mode === 'local') void api.auth.logout().catch(() => undefined)
      toast({ title: 'Your account was deleted', description: 'Everything we stored about you has been erased.', variant: 'success' })
    },
  })
}

/** Asks for a password reset code; the answer is the same whether or not the account exists. */
export function useForgotPassword() {
  return useMutation({ mutationFn: (email: string) => api.auth.forgotPassword(email) })
}

/** Sets a new password with the emailed code; every session of the account is signed out. */
export function useResetPassword() {
  return useMutation({
    mutationFn: (body: { email: string; code: string; newPassword: string }) => api.auth.resetPassword(body),
  })
}

/** Changes the signed-in person's password; their other sessions are signed out. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => api.auth.changePassword(body),
  })
}

export function useConnectGmail() {
  return useMutation({
    mutationFn: api.gmail.connect,
    onSuccess: ({ authorizationUrl }) => {
      // Started here, so it comes back here (not to the onboarding page that may have set this).
      sessionStorage.removeItem(RETURN_KEY)
      window.location.assign(authorizationUrl)
    },
  })
}

export function useDisconnectGmail() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: api.gmail.disconnect,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.gmail })
      toast({ title: 'Gmail disconnected', description: 'Access was revoked and the stored token deleted.', variant: 'success' })
    },
  })
}

/** Starts an inbox scan and follows its task; when it ends, says so once and refreshes what a
 * scan can change (the status, the interviews, the tracker). */
/** Follows a scan from the moment it is known (the redirect from Google, the Scan now button,
 * or a scan already running when the page opens) until it ends, then says what changed. */
export function useGmailScan(initial: string | null = null, running?: string | null) {
  const refresh = useInvalidateTracker()
  const [scanId, setScanId] = React.useState<string | null>(initial)
  const start = useMutation({ mutationFn: api.gmail.scan, onSuccess: (t) => setScanId(t.taskId) })
  const watched = scanId ?? running ?? null
  const task = useTask(watched)
  const done = isTaskDone(task.data) && task.data?.taskId === watched
  const reported = React.useRef<string | null>(null)
  React.useEffect(() => {
    if (!watched || !done || !task.data || reported.current === watched) return
    reported.current = watched
    toast(scanToast(task.data))
    void refresh()
  }, [watched, done, task.data, refresh])
  const followed = watched && !done ? watched : null
  return { start, followed, task: followed ? task.data : undefined, scanning: start.isPending || followed !== null }
}

/** Starts a mail import from an uploaded mbox file or from the demo mailbox. */
export function useStartMailImport({ onProgress, onStarted }: { onProgress: (percent: number | null) => void; onStarted: (item: MailboxImport) => void }) {
  const uploadFile = useMutation({
    mutationFn: (f: File) => api.mailImports.upload(f, (p) => onProgress(Math.round((100 * p.loaded) / Math.max(p.total, 1)))),
    onSuccess: onStarted,
    onError: () => onProgress(null),
  })
  const demo = useMutation({ mutationFn: api.mailImports.demo, onSuccess: onStarted })
  return { uploadFile, demo }
}

/** The most recently updated resume whose latest version has a score. */
export function latestAnalysed(resumes: ResumeSummary[] | undefined): ResumeSummary | undefined {
  return [...(resumes ?? [])]
    .filter((r) => typeof r.atsScore === 'number')
    .sort((a, b) => (b.updatedAt ?? b.createdAt ?? '').localeCompare(a.updatedAt ?? a.createdAt ?? ''))[0]
}
