import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { expectInlineSentence, fakeApi, fakeUpload, renderApp, signedIn } from '@/test/utils'
import Onboarding from './Onboarding'

function profileAt(step: number) {
  return { userId: 'u1', email: 'dana@example.com', targetRole: 'Data Analyst', skills: [], preferences: { currency: 'USD' }, onboarding: { step }, version: 1 }
}

describe('onboarding', () => {
  it('reads a salary typed as "85k" as 85000, and refuses one it cannot read instead of storing another number', async () => {
    signedIn()
    const { calls } = fakeApi({
      'GET /api/users/me': () => profileAt(2),
      'PUT /api/users/me': (c) => ({ ...profileAt(3), ...(c.body as object) }),
    })
    const user = userEvent.setup()
    renderApp(<Onboarding />, { route: '/onboarding', path: '/onboarding' })
    const salary = await screen.findByLabelText('Minimum yearly salary')
    await user.type(salary, '85,5k')
    await user.click(screen.getByRole('button', { name: /Continue/ }))
    expect(salary).toHaveAccessibleDescription(/Write the salary as one amount, like 85000, 85,000 or 85k/)
    expect(calls.some((c) => c.method === 'PUT')).toBe(false)
    await user.clear(salary)
    await user.type(salary, '85k')
    expect(salary).toHaveAccessibleDescription(/^Read as \$85,000\./)
    await user.click(screen.getByRole('button', { name: /Continue/ }))
    expect(await screen.findByRole('heading', { name: 'What are your strongest skills?' })).toBeInTheDocument()
    expect(calls.find((c) => c.method === 'PUT')?.body).toMatchObject({ preferences: { minSalary: 85000, currency: 'USD' } })
  })

  it('skipping a step keeps what was saved, not what was typed in it', async () => {
    signedIn()
    const saved = { ...profileAt(2), skills: ['SQL'], preferences: { currency: 'USD', minSalary: 70000 } }
    const { calls } = fakeApi({
      'GET /api/users/me': () => saved,
      'PUT /api/users/me': (c) => ({ ...saved, ...(c.body as object) }),
    })
    const user = userEvent.setup()
    renderApp(<Onboarding />, { route: '/onboarding', path: '/onboarding' })
    const salary = await screen.findByLabelText('Minimum yearly salary')
    await user.clear(salary)
    await user.type(salary, 'lots')
    await user.click(screen.getByRole('button', { name: 'Skip' }))
    expect(await screen.findByRole('heading', { name: 'What are your strongest skills?' })).toBeInTheDocument()
    const put = calls.find((c) => c.method === 'PUT')?.body as { preferences: { minSalary?: number }; onboarding: { step: number } }
    expect(put.preferences.minSalary).toBe(70000)
    expect(put.onboarding.step).toBe(3)
    await user.click(screen.getByRole('button', { name: /Back/ }))
    expect(await screen.findByLabelText('Minimum yearly salary')).toHaveValue('70000')
  })

  it('tells the resume score in a sentence that flows as text, with the skills counted in words', async () => {
    signedIn()
    fakeUpload(201, { resumeId: 'r1', versionNumber: 1, status: 'queued' })
    fakeApi({
      'GET /api/users/me': () => profileAt(4),
      'GET /api/resume/r1': () => ({ resumeId: 'r1', versionNumber: 1, filename: 'dana.pdf', status: 'done', atsScore: 65, analysis: { atsScore: 65, skills: ['SQL'] } }),
    })
    const user = userEvent.setup()
    renderApp(<Onboarding />, { route: '/onboarding', path: '/onboarding' })
    await user.upload(await screen.findByTestId('resume-file-input'), new File(['%PDF'], 'dana.pdf'))
    expect(await screen.findByRole('status')).toBeInTheDocument()
    expectInlineSentence('Your resume scored 65/100, and we found 1 skill. See the details on the Resume page.')
  })
})
