import type { components } from './schema'

type Schemas = components['schemas']

export type Profile = Schemas['ProfileOut']
export type ProfileUpdate = Schemas['ProfileIn']
export type ClientConfig = Schemas['ClientConfig']
export type TaskRun = Schemas['TaskOut']
export type Tokens = Schemas['TokensOut']

export type TaskStatus = TaskRun['status']

export interface Salary {
  min?: number | null
  max?: number | null
  currency?: string | null
  period?: string | null
}

export type ResumeAnalysis = Schemas['AnalysisOut']
export type ScoreComponent = Schemas['ScoreComponent']
export type ResumeVersion = Schemas['VersionSummary']
export type ResumeSummary = Schemas['ResumeListItem']
export type ResumeDetail = Schemas['ResumeDetail']
export type ResumeStatus = ResumeDetail['status']

export type Job = Schemas['JobSummaryOut']
export type JobDetail = Schemas['JobDetailOut']
export type JobMatch = Schemas['JobMatchOut']
export type JobPage = Schemas['JobsPageOut']
export type ScoreBreakdown = Schemas['BreakdownOut']

export interface JobFilters {
  q?: string
  location?: string
  remote?: string
  minSalary?: number
  seniority?: string
  sort?: 'score' | 'date'
  page?: number
  pageSize?: number
}

export type MarketInsights = Schemas['MarketIntelligenceOut']

/** The result of the roadmap task (GET /api/tasks/{id} → result, for kind roadmap.generate). */
export type Roadmap = Schemas['Roadmap']
export type Milestone = Schemas['Milestone']

export type Application = Schemas['ApplicationOut']
export type HistoryEntry = Schemas['HistoryEntry']
export type ApplicationInput = Schemas['ApplicationIn']
export type ApplicationPatch = Schemas['ApplicationPatch']
export type ApplicationStatus = Application['status']

/** Every member of a union, in the order given: a list that misses one does not type-check. */
function everyOf<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)) => list
}

/** Application statuses in the order of the board. */
export const APPLICATION_STATUSES = everyOf<ApplicationStatus>()([
  'saved',
  'applied',
  'interviewing',
  'offer',
  'rejected',
  'withdrawn',
  'ghosted',
])

export type GmailStatus = Schemas['GmailStatusOut']
export type MailboxImport = Schemas['ImportOut']
export type Interview = Schemas['InterviewOut']
export type InterviewInput = Schemas['InterviewIn']
export type InterviewPatch = Schemas['InterviewPatch']
/** What the person may say an interview is (an email may also leave it 'unknown'). */
export type InterviewKind = NonNullable<InterviewPatch['kind']>
export const INTERVIEW_KINDS = everyOf<InterviewKind>()(['phone', 'video', 'onsite', 'technical', 'other'])
export type ReviewItem = Schemas['ReviewItemOut']
export type ReviewCorrection = Schemas['CorrectionIn']
export type ReviewStatus = ReviewItem['status']
export type ReviewCategory = NonNullable<ReviewCorrection['category']>

/** Email categories in the order the person picks from. */
export const REVIEW_CATEGORIES = everyOf<ReviewCategory>()([
  'interview_invitation',
  'interview_scheduled',
  'interview_rescheduled',
  'interview_cancelled',
  'rejection',
  'assessment',
  'offer',
  'application_received',
  'other',
])
