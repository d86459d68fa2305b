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

export interface RoadmapSkill {
  name: string
  /** Share of target-role postings asking for it, 0–100. */
  importance: number
  have: boolean
}

/** Something to learn from, as a language model suggested it for one milestone. */
export interface RoadmapResource {
  title: string
  kind?: string | null
  url?: string | null
}

export interface Milestone {
  title: string
  weeks: number
  skills: string[]
  outcome: string
  why?: string[]
  /** Present only when a language model suggested some. */
  resources?: RoadmapResource[] | null
}

/** The result of the roadmap task (GET /api/tasks/{id} → result). */
export interface Roadmap {
  currentRole: string | null
  targetRole: string
  timeline: { totalWeeks: number; months?: number; hoursPerWeek?: number; summary?: string }
  requiredSkills: RoadmapSkill[]
  gaps?: string[]
  laterSkills?: string[]
  milestones: Milestone[]
  basis?: { postingsAnalysed?: number; source?: string }
  notes?: string[]
  narrative?: string | null
  generatedBy?: 'rules' | 'llm'
}

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
