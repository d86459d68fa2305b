import { describe, expect, it, vi } from 'vitest'
import { CONFIG } from '@/test/utils'
import { refreshSession, setSession } from './session'
import { finishHostedSignIn, HOSTED_UI_SCOPES, hostedSignOutUrl, hostedUiBase, oidcSettings, startHostedSignIn } from './cognito'

const COGNITO = {
  ...CONFIG,
  authMode: 'cognito',
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool',
  clientId: 'app-client',
  region: 'eu-west-1',
  cognitoDomain: 'career',
}

describe('Cognito hosted sign-in', () => {
  it('accepts the domain as a prefix, a host or a URL', () => {
    expect(hostedUiBase({ cognitoDomain: 'career', region: 'eu-west-1' })).toBe('https://career.auth.eu-west-1.amazoncognito.com')
    expect(hostedUiBase({ cognitoDomain: 'login.example.com', region: 'eu-west-1' })).toBe('https://login.example.com')
    expect(hostedUiBase({ cognitoDomain: 'http://127.0.0.1:9000/', region: 'eu-west-1' })).toBe('http://127.0.0.1:9000')
    expect(() => hostedUiBase({ cognitoDomain: null, region: 'x' })).toThrow(/not configured/)
  })

  it('maps /api/config to the oidc-client-ts settings', () => {
    const settings = oidcSettings(COGNITO, 'https://app.example.com')
    expect(settings).toMatchObject({
      authority: COGNITO.issuer,
      client_id: 'app-client',
      redirect_uri: 'https://app.example.com/auth/callback',
      post_logout_redirect_uri: 'https://app.example.com/',
      response_type: 'code',
      scope: HOSTED_UI_SCOPES,
      loadUserInfo: false,
      automaticSilentRenew: false,
      metadata: {
        issuer: COGNITO.issuer,
        authorization_endpoint: 'https://career.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
        token_endpoint: 'https://career.auth.eu-west-1.amazoncognito.com/oauth2/token',
        revocation_endpoint: 'https://career.auth.eu-west-1.amazoncognito.com/oauth2/revoke',
      },
    })
    expect(oidcSettings(COGNITO, 'https://app.example.com', 'signup').metadata?.authorization_endpoint).toBe(
      'https://career.auth.eu-west-1.amazoncognito.com/signup',
    )
  })

  it('keeps the tokens in memory and only the redirect state in sessionStorage', async () => {
    const settings = oidcSettings(COGNITO, 'https://app.example.com')
    await settings.userStore?.set('user', 'tokens')
    await settings.stateStore?.set('pending', 'state')
    expect(localStorage.length).toBe(0)
    expect(Object.keys(sessionStorage).some((k) => k.endsWith('pending'))).toBe(true)
    expect(Object.keys(sessionStorage).some((k) => k.endsWith('user'))).toBe(false)
    await expect(settings.userStore?.get('user')).resolves.toBe('tokens')
  })

  it('sends the browser to the hosted page with a PKCE challenge', async () => {
    let target = ''
    const assign = (url: string | URL) => {
      target = String(url)
    }
    const original = window.location
    Object.defineProperty(window, 'location', { configurable: true, value: { ...original, origin: 'http://localhost', assign } })
    try {
      // The redirect never resolves: the page is expected to be gone by then.
      void startHostedSignIn(COGNITO, '/jobs')
      await vi.waitFor(() => expect(target).not.toBe(''))
    } finally {
      Object.defineProperty(window, 'location', { configurable: true, value: original })
    }
    const url = new URL(target)
    expect(`${url.origin}${url.pathname}`).toBe('https://career.auth.eu-west-1.amazoncognito.com/oauth2/authorize')
    expect(url.searchParams.get('client_id')).toBe('app-client')
    expect(url.searchParams.get('redirect_uri')).toBe('http://localhost/auth/callback')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(url.searchParams.get('state')).toBeTruthy()
    expect(localStorage.length).toBe(0)
  })

  it('refuses a callback whose state it did not start', async () => {
    await expect(finishHostedSignIn(COGNITO, 'http://localhost/auth/callback?code=abc&state=forged')).rejects.toThrow(/no longer valid/)
  })

  it('reports an error sent back by the hosted page', async () => {
    await expect(finishHostedSignIn(COGNITO, 'http://localhost/auth/callback?error=access_denied')).rejects.toThrow(/access_denied/)
  })

  it('signs out at the hosted UI and comes back home', () => {
    const url = new URL(hostedSignOutUrl(COGNITO, 'https://app.example.com'))
    expect(`${url.origin}${url.pathname}`).toBe('https://career.auth.eu-west-1.amazoncognito.com/logout')
    expect(url.searchParams.get('logout_uri')).toBe('https://app.example.com/')
  })
})

function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  return `${part({ alg: 'RS256', kid: 'k' })}.${part(claims)}.sig`
}

describe('Cognito tokens through oidc-client-ts', () => {
  it('swaps the code at the token endpoint only, keeps tokens in memory and refreshes with the refresh token', async () => {
    let target = ''
    const original = window.location
    Object.defineProperty(window, 'location', {
      configurable: true,
      value: { ...original, origin: 'http://localhost', assign: (u: string | URL) => (target = String(u)) },
    })
    const posts: { url: string; body: URLSearchParams }[] = []
    const now = Math.floor(Date.now() / 1000)
    const idToken = fakeJwt({ sub: 'u1', iss: COGNITO.issuer, aud: 'app-client', exp: now + 3600, iat: now, token_use: 'id' })
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = input instanceof Request ? input.url : String(input)
        const body = new URLSearchParams(String(init?.body ?? (input instanceof Request ? await input.text() : '')))
        posts.push({ url, body })
        const access = body.get('grant_type') === 'refresh_token' ? 'access-2' : 'access-1'
        return new Response(
          JSON.stringify({ access_token: access, id_token: idToken, refresh_token: 'cognito-refresh', expires_in: 3600, token_type: 'Bearer' }),
          { status: 200, headers: { 'Content-Type': 'application/json' } },
        )
      }),
    )
    try {
      void startHostedSignIn(COGNITO, '/jobs')
      await vi.waitFor(() => expect(target).not.toBe(''))
      const state = new URL(target).searchParams.get('state')
      const { session, returnTo } = await finishHostedSignIn(COGNITO, `http://localhost/auth/callback?code=the-code&state=${state}`)
      expect(returnTo).toBe('/jobs')
      expect(session).toMatchObject({ accessToken: 'access-1', idToken, mode: 'cognito' })
      expect(posts.map((p) => p.url)).toEqual(['https://career.auth.eu-west-1.amazoncognito.com/oauth2/token'])
      expect(posts[0]!.body.get('grant_type')).toBe('authorization_code')
      expect(posts[0]!.body.get('code_verifier')).toBeTruthy()
      expect(localStorage.length).toBe(0)
      expect(JSON.stringify({ ...sessionStorage })).not.toContain('cognito-refresh')

      setSession(session)
      await expect(refreshSession()).resolves.toMatchObject({ accessToken: 'access-2' })
      expect(posts[1]!.body.get('grant_type')).toBe('refresh_token')
      expect(posts[1]!.body.get('refresh_token')).toBe('cognito-refresh')
    } finally {
      Object.defineProperty(window, 'location', { configurable: true, value: original })
    }
  })
})
