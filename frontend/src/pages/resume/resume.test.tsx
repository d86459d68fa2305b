import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { checkFile } from '@/components/resume/ResumeUploader'
import { fakeApi, fakeUpload, renderApp, signedIn } from '@/test/utils'
import ResumeOptimizer from './ResumeOptimizer'

const ANALYSIS = {
  atsScore: 78,
  scoreBreakdown: [
    { component: 'contact', label: 'Contact details', points: 10, maxPoints: 10, reason: 'Name, email and phone found.' },
    { component: 'quantified', label: 'Quantified achievements', points: 6, maxPoints: 15, reason: '4 of 9 bullets have a number.' },
  ],
  strengths: ['Experience, Brightline, bullet 1: a clear result with a number.'],
  weaknesses: ['No Projects section.'],
  suggestions: ['Experience, Cedar Health, bullet 2: add a number — how much, how many, how fast.'],
  skills: ['SQL', 'Tableau'],
  skillEvidence: [
    { name: 'SQL', evidence: 'Tools: SQL, Tableau, Excel', section: 'Skills' },
    { name: 'Tableau', evidence: 'Tools: SQL, Tableau, Excel', section: 'Skills' },
  ],
  contact: { name: 'Jordan Rivera', email: 'j@example.com', links: [] },
  sections: ['Experience', 'Skills'],
  experience: [{ title: 'Data Analyst', company: 'Cedar Health', start: '2018-06', end: '2021-02', current: false, bullets: [] }],
  yearsExperience: 6.7,
  keywordGap: ['Looker'],
  target: { label: 'Data Analyst', jobId: null, keywords: ['SQL', 'Looker'] },
  analyzer: 'local',
}

const FIRST = { resumeId: 'r1', versionNumber: 1, status: 'done', atsScore: 64, createdAt: '2026-11-01T00:00:00Z' }
const JORDAN = {
  resumeId: 'r1',
  filename: 'jordan.pdf',
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-20T00:00:00Z',
  latestVersion: 2,
  status: 'done',
  atsScore: 78,
  versions: [FIRST, { resumeId: 'r1', versionNumber: 2, status: 'done', atsScore: 78, createdAt: '2026-11-20T00:00:00Z' }],
}
const LIST = { items: [JORDAN] }

describe('resume optimizer', () => {
  it('shows the score, its breakdown with reasons, advice, skills and the keyword gap', async () => {
    signedIn()
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'j@example.com', skills: ['SQL'] }),
      'GET /api/resume': () => LIST,
      'GET /api/resume/r1': () => ({ resumeId: 'r1', versionNumber: 2, filename: 'jordan.pdf', status: 'done', atsScore: 78, target: { role: 'Data Analyst' }, analysis: ANALYSIS }),
      'GET /api/applications': () => ({ items: [] }),
    })
    renderApp(<ResumeOptimizer />, { route: '/resume', path: '/resume' })
    const analysis = await screen.findByTestId('resume-analysis')
    expect(within(analysis).getByRole('img', { name: 'ATS score: 78 out of 100' })).toBeInTheDocument()
    const components = within(analysis).getByRole('list', { name: 'Score components and reasons' })
    expect(components).toHaveTextContent('Quantified achievements6 / 15')
    expect(components).toHaveTextContent('4 of 9 bullets have a number.')
    expect(analysis).toHaveTextContent('add a number — how much, how many, how fast')
    expect(within(analysis).getByRole('list', { name: 'Missing keywords' })).toHaveTextContent('Looker')
    expect(within(analysis).getByText('Important for Data Analyst, missing from your resume.')).toBeInTheDocument()
    expect(within(analysis).getByRole('button', { name: 'Add 1 new skill to my profile' })).toBeEnabled()
    // Each skill says which line of the resume showed it.
    expect(within(analysis).getByLabelText('Where each skill was found')).toHaveTextContent('TableauTools: SQL, Tableau, Excel')
    const found = within(analysis).getByRole('list', { name: 'Skills found' })
    expect(within(found).getByText('Tableau').closest('li')).toHaveAttribute('title', 'From your resume: “Tools: SQL, Tableau, Excel”')
  })

  it('counts a single year of experience and a single new skill in the singular', async () => {
    signedIn()
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'j@example.com', skills: ['SQL'] }),
      'GET /api/resume': () => LIST,
      'GET /api/resume/r1': () => ({ resumeId: 'r1', versionNumber: 2, filename: 'jordan.pdf', status: 'done', atsScore: 78, analysis: { ...ANALYSIS, yearsExperience: 1 } }),
      'GET /api/applications': () => ({ items: [] }),
    })
    renderApp(<ResumeOptimizer />, { route: '/resume', path: '/resume' })
    const analysis = await screen.findByTestId('resume-analysis')
    expect(analysis).toHaveTextContent('1 year of experience found.')
    expect(within(analysis).getByRole('button', { name: 'Add 1 new skill to my profile' })).toBeEnabled()
  })

  it('lists the versions and opens an older one', async () => {
    signedIn()
    const { calls } = fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'j@example.com' }),
      'GET /api/resume': () => LIST,
      'GET /api/resume/r1': (c) => {
        const v = Number(new URLSearchParams(c.search).get('version')) || 2
        return { resumeId: 'r1', versionNumber: v, filename: 'jordan.pdf', status: 'done', atsScore: v === 1 ? 64 : 78, analysis: { ...ANALYSIS, atsScore: v === 1 ? 64 : 78 } }
      },
      'GET /api/applications': () => ({ items: [] }),
    })
    const user = userEvent.setup()
    renderApp(<ResumeOptimizer />, { route: '/resume', path: '/resume' })
    const versions = await screen.findByRole('list', { name: 'Versions' })
    await user.click(within(versions).getByRole('button', { name: /Version 1/ }))
    expect(await screen.findByRole('img', { name: 'ATS score: 64 out of 100' })).toBeInTheDocument()
    expect(screen.getByText(/Showing version 1/)).toBeInTheDocument()
    expect(calls.some((c) => c.path === '/api/resume/r1' && c.search === '?version=1')).toBe(true)
  })

  it('deletes one version after asking, and shows the latest left', async () => {
    signedIn()
    let deleted = false
    const { calls } = fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'j@example.com' }),
      'GET /api/resume': () => (deleted ? { items: [{ ...JORDAN, latestVersion: 1, atsScore: 64, versions: [FIRST] }] } : LIST),
      'GET /api/resume/r1': () => {
        const v = deleted ? 1 : 2
        return { resumeId: 'r1', versionNumber: v, filename: 'jordan.pdf', status: 'done', atsScore: v === 1 ? 64 : 78, analysis: { ...ANALYSIS, atsScore: v === 1 ? 64 : 78 } }
      },
      'DELETE /api/resume/r1/versions/2': () => {
        deleted = true
        return { resumeId: 'r1', versionNumber: 1, filename: 'jordan.pdf', status: 'done', atsScore: 64 }
      },
      'GET /api/applications': () => ({ items: [] }),
    })
    const user = userEvent.setup()
    renderApp(<ResumeOptimizer />, { route: '/resume', path: '/resume' })
    expect(await screen.findByRole('img', { name: 'ATS score: 78 out of 100' })).toBeInTheDocument()
    const versions = await screen.findByRole('list', { name: 'Versions' })
    await user.click(within(versions).getByRole('button', { name: 'Delete version 2' }))
    const dialog = await screen.findByRole('dialog', { name: 'Delete version 2?' })
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false)
    await user.click(within(dialog).getByRole('button', { name: 'Delete version' }))
    expect(await screen.findByRole('img', { name: 'ATS score: 64 out of 100' })).toBeInTheDocument()
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/api/resume/r1/versions/2'])
    expect(screen.queryByRole('list', { name: 'Versions' })).toBeNull()
  })

  it('says when the analysis failed, with the reason from the API', async () => {
    signedIn()
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'j@example.com' }),
      'GET /api/resume': () => ({ items: [{ ...LIST.items[0], status: 'failed', atsScore: null }] }),
      'GET /api/resume/r1': () => ({ resumeId: 'r1', versionNumber: 2, filename: 'scan.pdf', status: 'failed', error: 'no text layer; export a text-based PDF' }),
      'GET /api/applications': () => ({ items: [] }),
    })
    renderApp(<ResumeOptimizer />, { route: '/resume', path: '/resume' })
    expect(await screen.findByText('We could not analyse “scan.pdf”')).toBeInTheDocument()
    expect(screen.getByText('No text layer; export a text-based PDF')).toBeInTheDocument()
  })

  it('offers to analyse a failed version again, and follows the new analysis', async () => {
    signedIn()
    let retried = false
    const { calls } = fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'j@example.com' }),
      'GET /api/resume': () => ({ items: [{ ...LIST.items[0], status: retried ? 'queued' : 'failed', atsScore: null }] }),
      'GET /api/resume/r1': () =>
        retried
          ? { resumeId: 'r1', versionNumber: 2, filename: 'cv.pdf', status: 'queued', taskId: 't2' }
          : { resumeId: 'r1', versionNumber: 2, filename: 'cv.pdf', status: 'failed', error: 'gave up after sending it 11 times' },
      'POST /api/resume/r1/analyze': () => {
        retried = true
        return { resumeId: 'r1', versionNumber: 2, status: 'queued', taskId: 't2' }
      },
      'GET /api/tasks/t2': () => ({ taskId: 't2', kind: 'resume.analyze', status: 'queued', createdAt: new Date().toISOString(), deliveries: 0, resends: 0 }),
      'GET /api/applications': () => ({ items: [] }),
    })
    const user = userEvent.setup()
    renderApp(<ResumeOptimizer />, { route: '/resume', path: '/resume' })
    await user.click(await screen.findByRole('button', { name: 'Try again' }))
    expect(await screen.findByText(/Waiting to analyse “cv.pdf”/)).toBeInTheDocument()
    expect(calls.filter((c) => c.method === 'POST' && c.path === '/api/resume/r1/analyze')).toHaveLength(1)
  })

  it('stays usable after refusing a file picked once an upload is done', async () => {
    signedIn()
    const sent = fakeUpload(201, { resumeId: 'r1', versionNumber: 2, status: 'queued' })
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'j@example.com' }),
      'GET /api/resume': () => LIST,
      'GET /api/resume/r1': () => ({ resumeId: 'r1', versionNumber: 2, filename: 'jordan.docx', status: 'done', atsScore: 78, analysis: ANALYSIS }),
      'GET /api/applications': () => ({ items: [] }),
    })
    // The input's accept list would hide the PNG from the picker; a drop or "All files" lets it through.
    const user = userEvent.setup({ applyAccept: false })
    renderApp(<ResumeOptimizer />, { route: '/resume', path: '/resume' })
    const input = await screen.findByTestId('resume-file-input')
    await user.upload(input, new File(['PK'], 'jordan.docx'))
    expect(await screen.findByText('Analysis ready')).toBeInTheDocument()
    await user.upload(input, new File(['png'], 'photo.png'))
    expect(screen.getByRole('alert')).toHaveTextContent('“photo.png” is not a PDF, DOCX or TXT file.')
    expect(screen.queryByText(/Uploading/)).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Choose a file' })).toBeEnabled()
    await user.upload(input, new File(['PK'], 'jordan-v3.docx'))
    expect(await screen.findByText('Analysis ready')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(sent.map((f) => (f.get('file') as File).name)).toEqual(['jordan.docx', 'jordan-v3.docx'])
  })

  it('refuses files it cannot read before uploading them', () => {
    const max = 5 * 1024 * 1024
    expect(checkFile(new File(['x'], 'photo.png'), max)).toMatch(/not a PDF, DOCX or TXT/)
    expect(checkFile(new File([], 'empty.pdf'), max)).toMatch(/is empty/)
    expect(checkFile(new File([new Uint8Array(max + 1)], 'big.pdf'), max)).toMatch(/the limit is 5.0 MB/)
    expect(checkFile(new File(['%PDF'], 'ok.pdf'), max)).toBeNull()
  })
})
