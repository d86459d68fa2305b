import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Interview } from '@/api/types'
import { fakeApi, renderApp, signedIn } from '@/test/utils'
import { InterviewCard } from './InterviewCard'

const INTERVIEW = {
  interviewId: 'i1',
  applicationId: 'a1',
  company: 'Acme Robotics',
  role: 'Principal Backend Engineer',
  kind: 'video',
  status: 'scheduled',
  startsAt: '2030-03-14T11:00:00-07:00',
  timeZone: 'America/Los_Angeles',
  durationMinutes: 45,
  meetingUrl: 'https://zoom.us/j/1',
  location: null,
  interviewers: [],
  source: 'email',
  subject: null,
  history: [],
  createdAt: '2030-03-01T00:00:00.000Z',
  updatedAt: '2030-03-01T00:00:00.000Z',
} as unknown as Interview

describe('interview card', () => {
  it('keeps room for what the interview is: in a narrow place its actions go below it', () => {
    // jsdom lays nothing out, so the classes are what is checked. In an application's dialog the
    // three actions took the row and left the company and time one word per line.
    signedIn()
    fakeApi({})
    renderApp(<InterviewCard interview={INTERVIEW} compact />)
    const card = screen.getByRole('group', { name: 'Acme Robotics, Principal Backend Engineer' })
    expect(card.className).toMatch(/(^|\s)sm:flex-wrap(\s|$)/)
    const what = within(card).getByText('Acme Robotics').closest('div')
    expect(what?.className).toMatch(/(^|\s)sm:min-w-64(\s|$)/)
  })
})
