import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fakeApi, renderApp, signedIn } from '@/test/utils'
import Market from './Market'

const REPORT = {
  role: 'Data Analyst',
  location: null,
  openPostings: 18,
  sufficient: true,
  notes: ['Only 5 postings state a salary; treat the range as indicative'],
  demandLevel: 'very high',
  demand: { openPostings: 18, baseline: 6, ratio: 3, basis: 'demo' },
  averageSalary: 79400,
  currency: 'EUR',
  salary: { currency: 'EUR', period: 'year', average: 79400, p25: 82000, median: 83500, p75: 85000, sampleSize: 5, sufficient: false },
  trends: { weekly: [{ weekStart: '2026-11-16', postings: 3 }, { weekStart: '2026-11-23', postings: 4 }], windowStart: '2026-09-05', risingSkills: [{ name: 'dbt', recentShare: 0.4, priorShare: 0.1, change: 0.3 }], fallingSkills: [], recentPostings: 14, priorPostings: 4 },
  topSkills: [{ name: 'SQL', postings: 14, share: 0.78 }],
  topCompanies: [{ name: 'Harbor & Vine Retail', postings: 4 }],
  remoteShare: 0.28,
  hybridShare: 0.44,
  narrative: null,
  generatedAt: '2026-11-28T00:00:00Z',
}

describe('market intelligence', () => {
  it('shows demand, salary percentiles with their sample size, and the notes', async () => {
    signedIn()
    const { calls } = fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'a@example.com', targetRole: 'Data Analyst', location: 'Berlin' }),
      'GET /api/market-intelligence': () => REPORT,
    })
    renderApp(<Market />, { route: '/market', path: '/market' })
    expect(await screen.findByText('Very High')).toBeInTheDocument()
    expect(screen.getByText('€83.5K')).toBeInTheDocument()
    expect(screen.getByText('from 5 postings with a salary')).toBeInTheDocument()
    expect(screen.getByText(/treat the range as indicative/)).toBeInTheDocument()
    expect(screen.getByText('How many of the 18 postings name each skill')).toBeInTheDocument()
    // The chart is loaded only once there is data to draw.
    expect(await screen.findByRole('img', { name: /Salary distribution in EUR: 25th percentile €82K, Median €83.5K, 75th percentile €85K/ })).toBeInTheDocument()
    expect(screen.getByText('fully remote; 44% hybrid')).toBeInTheDocument()
    // The profile's target role and place are the defaults.
    const q = new URLSearchParams(calls.find((c) => c.path === '/api/market-intelligence')!.search)
    expect([q.get('role'), q.get('location')]).toEqual(['Data Analyst', 'Berlin'])
  })

  it('says which other currencies had postings and how many, since their pay is left out', async () => {
    signedIn()
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'a@example.com', targetRole: 'Data Analyst' }),
      'GET /api/market-intelligence': () => ({ ...REPORT, salary: { ...REPORT.salary, otherCurrencies: { PLN: 1, CAD: 3, INR: 2 } } }),
    })
    renderApp(<Market />, { route: '/market', path: '/market' })
    expect(await screen.findByText('from 5 postings paid in EUR; 6 more in other currencies')).toBeInTheDocument()
    expect(screen.getByTestId('other-currencies')).toHaveTextContent(
      'Figures are in EUR only and never converted, so 3 postings in CAD, 2 postings in INR and 1 posting in PLN are not included.',
    )
  })

  it('counts one posting in the singular', async () => {
    signedIn()
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'a@example.com', targetRole: 'Data Analyst' }),
      'GET /api/market-intelligence': () => ({ ...REPORT, openPostings: 1, salary: { ...REPORT.salary, sampleSize: 1, otherCurrencies: { CAD: 1 } } }),
    })
    renderApp(<Market />, { route: '/market', path: '/market' })
    expect(await screen.findByText('1 open posting')).toBeInTheDocument()
    expect(screen.getByText(/1 posting stating a salary/)).toBeInTheDocument()
    expect(screen.getByText('The skills the one posting names')).toBeInTheDocument()
    expect(screen.getByTestId('other-currencies')).toHaveTextContent('so 1 posting in CAD is not included.')
  })

  it('offers to drop the location when nothing matches', async () => {
    signedIn()
    fakeApi({
      'GET /api/users/me': () => ({ userId: 'u1', email: 'a@example.com' }),
      'GET /api/market-intelligence': () => ({ ...REPORT, openPostings: 0, salary: null, topSkills: [], topCompanies: [] }),
    })
    renderApp(<Market />, { route: '/market?role=Nurse&location=Austin', path: '/market' })
    expect(await screen.findByText('No open postings for “Nurse” in Austin')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Search everywhere' })).toBeInTheDocument()
  })
})
