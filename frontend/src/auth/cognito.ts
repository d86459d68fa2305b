import type { ClientConfig } from '@/api/types'
import { sessionFromTokens, type Session } from './session'

const PENDING_KEY = 'careerAgent.pkce'
// aws.cognito.signin.user.admin lets the API read the user's email and name (Cognito's GetUser),
// which the access token itself does not carry.
export const HOSTED_UI_SCOPES = 'openid email profile aws.cognito.signin.user.admin'

interface Pending {
  state: string
  verifier: string
  returnTo: string
}

function base64Url(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function randomString(bytes = 32): string {
  const buf = new Uint8Array(bytes)
  crypto.getRandomValues(buf)
  return base64Url(buf)
}

export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return base64Url(new Uint8Array(digest))
}

/** The hosted UI's base URL from the configured domain (a bare prefix, a host, or a URL). */
export function hostedUiBase(config: Pick<ClientConfig, 'cognitoDomain' | 'region'>): string {
  const domain = (config.cognitoDomain ?? '').trim().replace(/\/+$/, '')
  if (!domain) throw new Error('Sign-in is not configured: the Cognito domain is missing.')
  if (/^https?:\/\//.test(domain)) return domain
  if (!domain.includes('.')) return `https://${domain}.auth.${config.region}.amazoncognito.com`
  return `https://${domain}`
}

export function redirectUri(): string {
  return `${location.origin}/auth/callback`
}

/** Sends the browser to Cognito's hosted sign-in (or sign-up) page with a PKCE challenge. */
export async function startHostedSignIn(
  config: ClientConfig,
  returnTo: string,
  page: 'login' | 'signup' = 'login',
): Promise<void> {
  const verifier = randomString(48)
  const state = randomString(16)
  const pending: Pending = { state, verifier, returnTo }
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending))
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: HOSTED_UI_SCOPES,
    state,
    code_challenge: await pkceChallenge(verifier),
    code_challenge_method: 'S256',
  })
  const path = page === 'signup' ? 'signup' : 'oauth2/authorize'
  location.assign(`${hostedUiBase(config)}/${path}?${params.toString()}`)
}

/** Completes the hosted sign-in: checks the state and swaps the code for tokens. */
export async function finishHostedSignIn(
  config: ClientConfig,
  search: URLSearchParams,
): Promise<{ session: Session; returnTo: string }> {
  const error = search.get('error_description') ?? search.get('error')
  if (error) throw new Error(`Sign-in was not completed: ${error}`)
  const raw = sessionStorage.getItem(PENDING_KEY)
  sessionStorage.removeItem(PENDING_KEY)
  const pending = raw ? (JSON.parse(raw) as Pending) : null
  const code = search.get('code')
  if (!pending || !code || search.get('state') !== pending.state) {
    throw new Error('This sign-in link is no longer valid. Start the sign-in again.')
  }
  const tokenUrl = `${hostedUiBase(config)}/oauth2/token`
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  })
  if (!response.ok) throw new Error('Cognito refused the sign-in code. Start the sign-in again.')
  const body = (await response.json()) as Record<string, unknown>
  const session = sessionFromTokens(
    {
      accessToken: String(body.access_token),
      idToken: String(body.id_token),
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
      expiresIn: Number(body.expires_in) || 3600,
    },
    { mode: 'cognito', tokenUrl, clientId: config.clientId },
  )
  return { session, returnTo: pending.returnTo || '/dashboard' }
}

export function hostedSignOutUrl(config: ClientConfig): string {
  const params = new URLSearchParams({ client_id: config.clientId, logout_uri: `${location.origin}/` })
  return `${hostedUiBase(config)}/logout?${params.toString()}`
}
