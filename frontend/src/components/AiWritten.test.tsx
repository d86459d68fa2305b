import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import Market from '@/pages/Market'
import Settings from '@/pages/Settings'
import { CONFIG, fakeApi, renderApp, signedIn } from '@/test/utils'

const ME = { userId: 'u1', email: 'ann@example.com', name: 'Ann', skills: ['SQL'], targetRole: 'Data Analyst', version: 1 }
const OLLAMA = { ...CONFIG, llm: 'openai', llmModel: 'llama3.2' }

describe('AI-written text', () => {
  it('the settings page names the provider and model in use', async () => {
    signedIn()
    fakeApi({ 'GET /api/config': () => OLLAMA, 'GET /api/users/me': () => ME })
    renderApp(<Settings />, { route: '/settings', path: '/settings' })
    expect(await screen.findByText('OpenAI-compatible server')).toBeInTheDocument()
    expect(screen.getByText('llama3.2')).toBeInTheDocument()
    expect(screen.getByText('AI-written · llama3.2')).toBeInTheDocument()
  })

  it('says when no model is configured', async () => {
    signedIn()
    fakeApi({ 'GET /api/users/me': () => ME })
    renderApp(<Settings />, { route: '/settings', path: '/settings' })
    expect(await screen.findByText(/No language model is configured/)).toBeInTheDocument()
    expect(screen.queryByText(/AI-written/)).not.toBeInTheDocument()
  })

  it('labels the market narrative as written by the model', async () => {
    signedIn()
    fakeApi({
      'GET /api/config': () => OLLAMA,
      'GET /api/users/me': () => ME,
      'GET /api/market-intelligence': () => ({
        role: 'Data Analyst', location: null, openPostings: 3, sufficient: false, notes: [], demandLevel: 'low',
        demand: { openPostings: 3, baseline: 6, ratio: 0.5, basis: 'demo' }, averageSalary: null, currency: null, salary: null,
        trends: { weekly: [], windowStart: null, risingSkills: [], fallingSkills: [], recentPostings: 0, priorPostings: 0 },
        topSkills: [], topCompanies: [], remoteShare: 0, hybridShare: 0,
        narrative: 'Data analyst hiring is quiet this month.', generatedAt: '2026-11-28T00:00:00Z',
      }),
    })
    renderApp(<Market />, { route: '/market', path: '/market' })
    expect(await screen.findByText('Data analyst hiring is quiet this month.')).toBeInTheDocument()
    expect(screen.getByText('AI-written · llama3.2')).toHaveAttribute('title', expect.stringContaining('scores are computed without it'))
  })
})
