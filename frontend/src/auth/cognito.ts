import {
  ErrorResponse,
  InMemoryWebStorage,
  UserManager,
  WebStorageStateStore,
  type User,
  type UserManagerSettings,
} from 'oidc-client-ts'
import { ApiError } from '@/api/errors'
import type { ClientConfig } from '@/api/types'
import { sessionFromTokens, setCognitoRefresher, type Session, type TokenResponse } from './session'

// aws.cognito.signin.user.admin lets the API read the user's email and name (Cognito's GetUser),
// which the access token itself does not carry.
export const HOSTED_UI_SCOPES = 'openid email profile aws.cognito.signin.user.admin'

type Page = 'login' | 'signup'

/** The hosted UI's base URL from the configured domain (a bare prefix, a host, or a URL). */
export function hostedUiBase(config: Pick<ClientConfig, 'cognitoDomain' | 'region'>): string {
  const domain = (config.cognitoDomain ?? '').trim().replace(/\/+$/, '')
  if (!domain) throw new Error('Sign-in is not configured: the Cognito domain is missing.')
  if (/^https?:\/\//.test(domain)) return domain
  if (!domain.includes('.')) return `https://${domain}.auth.${config.region}.amazoncognito.com`
  return `https://${domain}`
}

// Cognito's tokens, its refresh token included, stay in this page's memory: the API never sees
// them, so they cannot be put in an httpOnly cookie of ours (docs/security.md).
const tokenMemory = new InMemoryWebStorage()

/**
 * oidc-client-ts settings for the user pool's hosted UI, from /api/config. The endpoints are
 * given rather than discovered: the discovery document lives on another host, which the
 * content security policy does not let the page reach.
 */
export function oidcSettings(config: ClientConfig, origin: string, page: Page = 'login'): UserManagerSettings {
  const base = hostedUiBase(config)
  return {
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${origin}/auth/callback`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: HOSTED_UI_SCOPES,
    metadata: {
      issuer: config.issuer,
      // The hosted sign-up page takes the same request as the sign-in page.
      authorization_endpoint: `${base}/${page === 'signup' ? 'signup' : 'oauth2/authorize'}`,
      token_endpoint: `${base}/oauth2/token`,
      revocation_endpoint: `${base}/oauth2/revoke`,
    },
    userStore: new WebStorageStateStore({ store: tokenMemory }),
    // Only what a redirect in progress needs (state, PKCE verifier), for this tab only.
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    loadUserInfo: false,
    // The session module renews the tokens on its own schedule.
    automaticSilentRenew: false,
    monitorSession: false,
  }
}

const managers = new Map<string, UserManager>()

function manager(config: ClientConfig, page: Page = 'login'): UserManager {
  const key = `${page} ${config.issuer} ${config.clientId} ${config.cognitoDomain ?? ''}`
  let found = managers.get(key)
  if (!found) {
    found = new UserManager(oidcSettings(config, location.origin, page))
    managers.set(key, found)
  }
  return found
}

export function tokensFromUser(user: User): TokenResponse {
  return {
    accessToken: user.access_token,
    idToken: user.id_token ?? '',
    expiresIn: user.expires_in ?? 3600,
  }
}

async function renewWith(users: UserManager): Promise<TokenResponse> {
  let renewed: User | null
  try {
    // With a refresh token in the user, this is the refresh token grant at Cognito's token endpoint.
    renewed = await users.signinSilent()
  } catch (err) {
    // Cognito refused the refresh token (expired, revoked): the session is over, as a 401 says.
    if (err instanceof ErrorResponse) throw new ApiError(401, err.error ?? 'invalid_grant', 'sign in again')
    throw err
  }
  if (!renewed) throw new ApiError(401, 'invalid_grant', 'sign in again')
  return tokensFromUser(renewed)
}

/** Sends the browser to Cognito's hosted sign-in (or sign-up) page. */
export async function startHostedSignIn(config: ClientConfig, returnTo: string, page: Page = 'login'): Promise<void> {
  await manager(config, page).signinRedirect({ state: { returnTo } })
}

/** Completes the hosted sign-in: oidc-client-ts checks the state and swaps the code for tokens. */
export async function finishHostedSignIn(config: ClientConfig, url: string): Promise<{ session: Session; returnTo: string }> {
  const search = new URL(url).searchParams
  const error = search.get('error_description') ?? search.get('error')
  if (error) throw new Error(`Sign-in was not completed: ${error}`)
  let user: User
  try {
    user = await manager(config).signinRedirectCallback(url)
  } catch {
    throw new Error('This sign-in link is no longer valid. Start the sign-in again.')
  }
  const users = manager(config)
  setCognitoRefresher(() => renewWith(users))
  const state = user.state as { returnTo?: unknown } | undefined
  const returnTo = typeof state?.returnTo === 'string' && state.returnTo ? state.returnTo : '/dashboard'
  return { session: sessionFromTokens(tokensFromUser(user), 'cognito'), returnTo }
}

export function hostedSignOutUrl(config: ClientConfig, origin: string): string {
  const params = new URLSearchParams({ client_id: config.clientId, logout_uri: `${origin}/` })
  return `${hostedUiBase(config)}/logout?${params.toString()}`
}

/** Forgets Cognito's tokens here and ends the hosted UI's own session. */
export async function signOutHosted(config: ClientConfig): Promise<void> {
  setCognitoRefresher(null)
  await manager(config).removeUser()
  location.assign(hostedSignOutUrl(config, location.origin))
}
