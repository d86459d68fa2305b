import type { TaskRun } from '@/api/types'
import { plural } from '@/lib/format'

// Set by the onboarding page before it sends the person to Google, so that they come back to it.
export const RETURN_KEY = 'careerAgent.gmailReturnTo'

interface ScanSummary {
  status?: string
  reason?: string | null
  newInterviews?: number
  updatedInterviews?: number
  needsReview?: number
  applicationsMoved?: number
}

/** What a finished scan changed, or what went wrong, in words for people. */
export function scanToast(task: TaskRun): { title: string; description?: string; variant: 'success' | 'error' | 'default' } {
  if (task.status === 'failed') {
    return { title: 'The scan did not finish', description: `${task.error ?? 'Something went wrong on our side'}. Press Scan now to try again.`, variant: 'error' }
  }
  const r = (task.result ?? {}) as ScanSummary
  if (r.status === 'disconnected') {
    return { title: 'Gmail was disconnected', description: r.reason ?? 'Connect Gmail again to keep finding interviews.', variant: 'error' }
  }
  if (r.status === 'skipped') return { title: 'The scan was skipped', description: r.reason ?? undefined, variant: 'default' }
  const parts: string[] = []
  if (r.newInterviews) parts.push(`${r.newInterviews} new`)
  if (r.updatedInterviews) parts.push(`${r.updatedInterviews} updated`)
  let description = parts.length ? `Interviews: ${parts.join(', ')}.` : 'No new or changed interviews.'
  if (r.applicationsMoved) description += ` ${plural(r.applicationsMoved, 'application')} moved.`
  if (r.needsReview) description += ` ${plural(r.needsReview, 'email')} to review.`
  return { title: 'Inbox scanned', description, variant: 'success' }
}

