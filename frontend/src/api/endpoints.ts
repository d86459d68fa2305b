import { WEB_APP_HEADERS } from '@/auth/session'
import { client, unwrap } from './client'
import { downloadFile, upload, type UploadProgress } from './http'
import type {
  Application,
  ApplicationInput,
  ApplicationPatch,
  ClientConfig,
  GmailStatus,
  Interview,
  InterviewInput,
  InterviewPatch,
  MailboxImport,
  JobDetail,
  JobFilters,
  JobMatch,
  JobPage,
  MarketInsights,
  Profile,
  ProfileUpdate,
  ResumeDetail,
  ResumeVersion,
  ReviewCorrection,
  ReviewItem,
  ReviewStatus,
  TaskRun,
  Tokens,
} from './types'

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Lists come either bare or wrapped as {items: [...]}; callers always get the array. */
export function asList<T>(value: unknown, key = 'items'): T[] {
  if (Array.isArray(value)) return value as T[]
  if (isRecord(value) && Array.isArray(value[key])) return value[key] as T[]
  return []
}

export const api = {
  config: () => unwrap<ClientConfig>(client.GET('/api/config')),

  auth: {
    signup: (body: { email: string; password: string; name: string }) =>
      unwrap(client.POST('/api/auth/signup', { body })),
    verify: (body: { email: string; code: string }) => unwrap(client.POST('/api/auth/verify', { body })),
    resend: (email: string) => unwrap(client.POST('/api/auth/resend', { body: { email } })),
    login: (body: { email: string; password: string }) =>
      unwrap<Tokens>(client.POST('/api/auth/login', { body, headers: WEB_APP_HEADERS })),
    logout: () => unwrap(client.POST('/api/auth/logout', { headers: WEB_APP_HEADERS })),
    forgotPassword: (email: string) => unwrap(client.POST('/api/auth/forgot', { body: { email } })),
    resetPassword: (body: { email: string; code: string; newPassword: string }) =>
      unwrap(client.POST('/api/auth/reset', { body })),
    changePassword: (body: { currentPassword: string; newPassword: string }) =>
      unwrap(client.POST('/api/auth/password', { body })),
  },

  me: {
    get: () => unwrap<Profile>(client.GET('/api/users/me')),
    update: (body: ProfileUpdate) => unwrap<Profile>(client.PUT('/api/users/me', { body })),
    export: () => downloadFile('/api/users/me/export', 'career-agent-export.json'),
    delete: () => unwrap(client.DELETE('/api/users/me')),
  },

  tasks: {
    get: (taskId: string) =>
      unwrap<TaskRun>(client.GET('/api/tasks/{task_id}', { params: { path: { task_id: taskId } } })),
    /** Sends a task that is taking too long again now (safe: it never runs twice at once). */
    resend: (taskId: string) =>
      unwrap<TaskRun>(client.POST('/api/tasks/{task_id}/resend', { params: { path: { task_id: taskId } } })),
  },

  resume: {
    list: async () => (await unwrap(client.GET('/api/resume'))).items,
    get: (id: string, version?: number) =>
      unwrap<ResumeDetail>(
        client.GET('/api/resume/{resume_id}', {
          params: { path: { resume_id: id }, query: version ? { version } : {} },
        }),
      ),
    upload: (
      file: File,
      target: { targetRole?: string; targetJobId?: string; resumeId?: string },
      onProgress?: (p: UploadProgress) => void,
    ) => {
      const form = new FormData()
      form.append('file', file)
      if (target.targetJobId) form.append('targetJobId', target.targetJobId)
      else if (target.targetRole) form.append('targetRole', target.targetRole)
      if (target.resumeId) form.append('resumeId', target.resumeId)
      return upload<ResumeVersion>('/api/resume', form, onProgress)
    },
    /** Opens the original file through its time-limited link. */
    download: async (id: string, version?: number) => {
      const link = await unwrap(
        client.GET('/api/resume/{resume_id}/file', {
          params: { path: { resume_id: id }, query: version ? { version } : {} },
        }),
      )
      const a = document.createElement('a')
      a.href = link.url
      a.download = link.filename ?? 'resume'
      document.body.appendChild(a)
      a.click()
      a.remove()
    },
    remove: (id: string) =>
      unwrap(client.DELETE('/api/resume/{resume_id}', { params: { path: { resume_id: id } } })),
    /** Deletes one version; answers the resume as it is now. */
    removeVersion: (id: string, version: number) =>
      unwrap<ResumeDetail>(
        client.DELETE('/api/resume/{resume_id}/versions/{version_number}', {
          params: { path: { resume_id: id, version_number: version } },
        }),
      ),
    /** Analyses again a version whose analysis failed. */
    reanalyze: (id: string, version?: number) =>
      unwrap<ResumeVersion>(
        client.POST('/api/resume/{resume_id}/analyze', {
          params: { path: { resume_id: id }, query: version ? { version } : {} },
        }),
      ),
    applyToProfile: (id: string, versionNumber?: number) =>
      unwrap(
        client.POST('/api/resume/{resume_id}/apply-to-profile', {
          params: { path: { resume_id: id } },
          body: versionNumber ? { versionNumber } : {},
        }),
      ),
  },

  jobs: {
    search: (filters: JobFilters) =>
      unwrap<JobPage>(
        client.GET('/api/jobs', {
          params: {
            query: {
              ...(filters.q ? { q: filters.q } : {}),
              ...(filters.location ? { location: filters.location } : {}),
              ...(filters.remote ? { remote: filters.remote } : {}),
              ...(filters.seniority ? { seniority: filters.seniority } : {}),
              ...(filters.minSalary ? { minSalary: filters.minSalary } : {}),
              sort: filters.sort ?? 'score',
              page: filters.page ?? 1,
              pageSize: filters.pageSize ?? 20,
            },
          },
        }),
      ),
    get: (id: string) => unwrap<JobDetail>(client.GET('/api/jobs/{job_id}', { params: { path: { job_id: id } } })),
    explain: (id: string) =>
      unwrap<JobMatch>(client.GET('/api/jobs/{job_id}/match', { params: { path: { job_id: id } } })),
    save: (id: string) =>
      unwrap<Application>(client.POST('/api/jobs/{job_id}/save', { params: { path: { job_id: id } } })),
  },

  market: (role: string, location?: string) =>
    unwrap<MarketInsights>(
      client.GET('/api/market-intelligence', {
        params: { query: { role, ...(location ? { location } : {}) } },
      }),
    ),

  roadmap: (body: { currentRole: string; targetRole: string; skills: string[] }) =>
    unwrap<TaskRun>(
      client.POST('/api/ai/roadmap', {
        body: { targetRole: body.targetRole, skills: body.skills, ...(body.currentRole ? { currentRole: body.currentRole } : { currentRole: null }) },
      }),
    ),

  applications: {
    list: async () => (await unwrap(client.GET('/api/applications'))).items,
    get: (id: string) =>
      unwrap<Application>(
        client.GET('/api/applications/{application_id}', { params: { path: { application_id: id } } }),
      ),
    create: (body: ApplicationInput) => unwrap<Application>(client.POST('/api/applications', { body })),
    update: (id: string, body: ApplicationPatch) =>
      unwrap<Application>(
        client.PATCH('/api/applications/{application_id}', { params: { path: { application_id: id } }, body }),
      ),
    remove: (id: string) =>
      unwrap(client.DELETE('/api/applications/{application_id}', { params: { path: { application_id: id } } })),
    undoMove: (id: string, entryId: string) =>
      unwrap<Application>(
        client.POST('/api/applications/{application_id}/history/{entry_id}/undo', {
          params: { path: { application_id: id, entry_id: entryId } },
        }),
      ),
  },

  /** Saved mail (an mbox from Google Takeout, an .eml, or the demo mailbox) without Google. */
  mailImports: {
    upload: (file: File, onProgress?: (p: UploadProgress) => void) => {
      const form = new FormData()
      form.append('file', file)
      return upload<MailboxImport>('/api/email/imports', form, onProgress)
    },
    demo: () => unwrap<MailboxImport>(client.POST('/api/email/imports/demo')),
    get: (id: string) =>
      unwrap<MailboxImport>(client.GET('/api/email/imports/{import_id}', { params: { path: { import_id: id } } })),
  },

  gmail: {
    status: () => unwrap<GmailStatus>(client.GET('/api/gmail/status')),
    connect: () => unwrap(client.GET('/api/gmail/connect')),
    scan: () => unwrap<TaskRun>(client.POST('/api/gmail/scan')),
    disconnect: () => unwrap(client.DELETE('/api/gmail')),
  },

  interviews: {
    list: async () => (await unwrap(client.GET('/api/interviews'))).items,
    downloadIcs: (id: string) =>
      downloadFile(`/api/interviews/${encodeURIComponent(id)}.ics`, `interview-${id}.ics`),
    create: (body: InterviewInput) => unwrap<Interview>(client.POST('/api/interviews', { body })),
    update: (id: string, body: InterviewPatch) =>
      unwrap<Interview>(client.PATCH('/api/interviews/{interview_id}', { params: { path: { interview_id: id } }, body })),
    dismiss: (id: string) =>
      unwrap(client.DELETE('/api/interviews/{interview_id}', { params: { path: { interview_id: id } } })),
  },

  review: {
    list: async (status: ReviewStatus = 'pending') =>
      (await unwrap(client.GET('/api/review', { params: { query: { status } } }))).items,
    accept: (id: string) =>
      unwrap<ReviewItem>(client.POST('/api/review/{review_id}/accept', { params: { path: { review_id: id } } })),
    correct: (id: string, body: ReviewCorrection) =>
      unwrap<ReviewItem>(client.POST('/api/review/{review_id}/correct', { params: { path: { review_id: id } }, body })),
    dismiss: (id: string) =>
      unwrap<ReviewItem>(client.POST('/api/review/{review_id}/dismiss', { params: { path: { review_id: id } } })),
    undo: (id: string) =>
      unwrap<ReviewItem>(client.POST('/api/review/{review_id}/undo', { params: { path: { review_id: id } } })),
  },
}
