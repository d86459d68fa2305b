import { beforeEach, describe, expect, it } from 'vitest'
import { getSession } from '@/auth/session'
import { apiError, fakeApi, signedIn } from '@/test/utils'
import { authFetch, http, withQuery } from './http'
import { ApiError } from './errors'

const ME = { userId: 'u1', email: 'a@example.com' }

describe('authFetch', () => {
  beforeEach(() => {
    signedIn()
  })

  it('sends the access token', async () => {
    const { calls } = fakeApi({ 'GET /api/users/me': () => ME })
    await http('GET', '/api/users/me')
    expect(calls[0]!.headers.get('Authorization')).toBe('Bearer access-1')
  })

  it('refreshes once on 401 with the cookie and retries with the new token', async () => {
    const { calls } = fakeApi({
      'GET /api/users/me': (c) =>
        c.headers.get('Authorization') === 'Bearer access-2' ? ME : apiError(401, 'token_expired', 'token expired'),
      'POST /api/auth/refresh': (c) => {
        // The refresh token is the httpOnly cookie, which the browser adds; the page sends none.
        expect(c.body).toBeUndefined()
        expect(c.headers.get('X-Requested-With')).toBe('career-agent')
        return { accessToken: 'access-2', idToken: 'id-2', expiresIn: 3600 }
      },
    })
    await expect(http('GET', '/api/users/me')).resolves.toEqual(ME)
    expect(calls.map((c) => c.path)).toEqual(['/api/users/me', '/api/auth/refresh', '/api/users/me'])
    expect(getSession()?.accessToken).toBe('access-2')
    expect(localStorage.length).toBe(0)
  })

  it('shares one refresh between concurrent requests', async () => {
    const { calls } = fakeApi({
      'GET /api/users/me': (c) => (c.headers.get('Authorization') === 'Bearer access-2' ? ME : apiError(401, 'expired', 'expired')),
      'POST /api/auth/refresh': () => ({ accessToken: 'access-2', idToken: 'id-2', expiresIn: 3600 }),
    })
    await Promise.all([http('GET', '/api/users/me'), http('GET', '/api/users/me'), http('GET', '/api/users/me')])
    expect(calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(1)
  })

  it('takes turns with other tabs: the refresh is sent while holding the shared lock', async () => {
    // A minimal Web Locks stand-in: jsdom has none. One holder at a time, in order.
    let queue: Promise<unknown> = Promise.resolve()
    let held: string | null = null
    const locks = {
      request: (name: string, fn: () => Promise<unknown>) => {
        const run = queue.then(async () => {
          held = name
          try {
            return await fn()
          } finally {
            held = null
          }
        })
        queue = run.catch(() => undefined)
        return run
      },
    }
    Object.defineProperty(navigator, 'locks', { value: locks, configurable: true })
    try {
      // Another tab holds the lock (it is spending the cookie): this tab waits for it.
      let releaseOther!: () => void
      void locks.request('careerAgent.refresh', () => new Promise<void>((resolve) => (releaseOther = resolve)))
      const heldDuringRefresh: (string | null)[] = []
      const { calls } = fakeApi({
        'GET /api/users/me': (c) => (c.headers.get('Authorization') === 'Bearer access-2' ? ME : apiError(401, 'expired', 'expired')),
        'POST /api/auth/refresh': () => {
          heldDuringRefresh.push(held)
          return { accessToken: 'access-2', idToken: 'id-2', expiresIn: 3600 }
        },
      })
      const pending = http('GET', '/api/users/me')
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(calls.filter((c) => c.path === '/api/auth/refresh')).toHaveLength(0)
      releaseOther()
      await expect(pending).resolves.toEqual(ME)
      expect(heldDuringRefresh).toEqual(['careerAgent.refresh'])
    } finally {
      Reflect.deleteProperty(navigator, 'locks')
    }
  })

  it('signs out when the refresh token is refused', async () => {
    fakeApi({
      'GET /api/users/me': () => apiError(401, 'token_expired', 'token expired'),
      'POST /api/auth/refresh': () => apiError(401, 'invalid_refresh_token', 'refresh token no longer valid'),
    })
    const err = await http('GET', '/api/users/me').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(401)
    expect(getSession()).toBeNull()
  })

  it('renews a token about to expire before sending', async () => {
    signedIn({ expiresAt: Date.now() + 5_000 })
    const { calls } = fakeApi({
      'GET /api/users/me': () => ME,
      'POST /api/auth/refresh': () => ({ accessToken: 'access-2', idToken: 'id-2', expiresIn: 3600 }),
    })
    await authFetch(new Request('http://localhost/api/users/me'))
    expect(calls.map((c) => c.path)).toEqual(['/api/auth/refresh', '/api/users/me'])
    expect(calls[1]!.headers.get('Authorization')).toBe('Bearer access-2')
  })

  it('keeps the session when the refresh cannot reach the server', async () => {
    signedIn({ expiresAt: Date.now() + 5_000 })
    const { fetchMock } = fakeApi({ 'GET /api/users/me': () => ME })
    fetchMock.mockImplementationOnce(() => Promise.reject(new TypeError('Failed to fetch')))
    await http('GET', '/api/users/me')
    expect(getSession()?.accessToken).toBe('access-1')
  })
})

describe('withQuery', () => {
  it('drops empty values and keeps the rest', () => {
    expect(withQuery('/api/jobs', { q: 'data', location: '', remote: undefined, page: 2, sort: 'score' })).toBe('/api/jobs?q=data&page=2&sort=score')
  })
})
