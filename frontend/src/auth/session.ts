import { ApiError, NetworkError, errorFromResponse } from '@/api/errors'

/**
 * The signed-in user's tokens, in this page's memory only: nothing is written to localStorage
 * or sessionStorage, so a script injected into the page finds no token to carry away. The
 * local issuer's refresh token is an httpOnly cookie the browser sends to the refresh endpoint;
 * Cognito's lives in oidc-client-ts's in-memory store (see cognito.ts).
 */
export interface Session {
  accessToken: string
  idToken: string
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number
  mode: 'local' | 'cognito'
}

export interface TokenResponse {
  accessToken: string
  idToken: string
  expiresIn: number
}

/** The header that marks the web app's own requests; the cookie endpoints require it (CSRF). */
export const WEB_APP_HEADERS = { 'X-Requested-With': 'career-agent' } as const

type Refresher = () => Promise<TokenResponse>

const listeners = new Set<() => void>()
let current: Session | null = null
// Bumped whenever the session is replaced from outside a refresh (sign-in, sign-out), so that a
// refresh answered afterwards is not applied over it.
let epoch = 0
let cognitoRefresher: Refresher | null = null

function notify() {
  for (const l of listeners) l()
}

export function getSession(): Session | null {
  return current
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** Cognito's tokens are renewed by oidc-client-ts, which holds its refresh token. */
export function setCognitoRefresher(refresher: Refresher | null): void {
  cognitoRefresher = refresher
}

let leaving: { to: string; until: number } | null = null

/**
 * Ends the session and says where the protected page being left should send the browser
 * (otherwise it sends it to sign in, to come back after).
 */
export function endSession(redirectTo: string): void {
  leaving = { to: redirectTo, until: Date.now() + 3000 }
  lost = false
  setSession(null)
}

export function signOutDestination(): string | null {
  return leaving && leaving.until > Date.now() ? leaving.to : null
}

// Tabs tell each other that the user signed in or out; no token crosses, each tab asks for its own.
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('careerAgent.session')

export function setSession(next: Session | null, { announce = true } = {}): void {
  if (next) {
    leaving = null
    lost = false
  }
  epoch += 1
  const was = current
  current = next
  if (announce && Boolean(was) !== Boolean(next)) channel?.postMessage(next ? 'signed-in' : 'signed-out')
  notify()
}

export function sessionFromTokens(tokens: TokenResponse, mode: Session['mode']): Session {
  return {
    accessToken: tokens.accessToken,
    idToken: tokens.idToken,
    expiresAt: Date.now() + Math.max(30, tokens.expiresIn) * 1000,
    mode,
  }
}

async function refreshFromCookie(): Promise<TokenResponse> {
  let response: Response
  try {
    response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: { ...WEB_APP_HEADERS, Accept: 'application/json' },
      credentials: 'same-origin',
    })
  } catch {
    throw new NetworkError()
  }
  if (!response.ok) throw await errorFromResponse(response)
  return (await response.json()) as TokenResponse
}

function requestRefresh(mode: Session['mode']): Promise<TokenResponse> {
  if (mode === 'cognito') {
    if (!cognitoRefresher) return Promise.reject(new ApiError(401, 'no_session', 'sign in again'))
    return cognitoRefresher()
  }
  return refreshFromCookie()
}

/**
 * Refresh tokens are single-use: the server answers a new one and treats a second use of the
 * old one as theft, signing out every session descended from it. Tabs share the cookie, so
 * they take turns (a Web Lock): a tab that waited sends the cookie the previous one just got.
 */
async function refreshOnce(mode: Session['mode']): Promise<TokenResponse> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks) return requestRefresh(mode)
  return await locks.request('careerAgent.refresh', () => requestRefresh(mode))
}

let inFlight: Promise<Session | null> | null = null
// Set when the API ended a session this page held (a password changed elsewhere, a sign-out
// everywhere, an expired sign-in), so that the sign-in page can say why it is shown.
let lost = false

/** Whether the last session ended without the person signing out (until the next sign-in). */
export function sessionWasLost(): boolean {
  return lost
}

function renew(mode: Session['mode']): Promise<Session | null> {
  if (inFlight) return inFlight
  const started = epoch
  inFlight = refreshOnce(mode)
    .then((tokens) => {
      // Signed out (or signed in as someone else) while the refresh was on its way.
      if (epoch !== started) return current
      const next = sessionFromTokens(tokens, mode)
      setSession(next, { announce: false })
      return next
    })
    .catch((err: unknown) => {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) {
        if (mode === 'local') forgetSessionHint()
        if (epoch === started && current) {
          lost = true
          setSession(null)
        }
        return null
      }
      throw err
    })
    .finally(() => {
      inFlight = null
    })
  return inFlight
}

/**
 * Fresh tokens for the session, once at a time however many callers ask. Resolves to null (and
 * signs out) when the refresh token is no longer accepted; a network failure leaves the session
 * alone and rejects.
 */
export function refreshSession(): Promise<Session | null> {
  return current ? renew(current.mode) : Promise.resolve(null)
}

/**
 * The API sets this readable cookie beside the httpOnly refresh cookie, with the same lifetime:
 * it holds nothing secret and only says that there is a sign-in to resume.
 */
const SESSION_HINT = 'signed_in'

function hasSessionHint(): boolean {
  return document.cookie.split(';').some((c) => c.trim().startsWith(`${SESSION_HINT}=`))
}

function forgetSessionHint(): void {
  document.cookie = `${SESSION_HINT}=; Max-Age=0; Path=/; SameSite=Strict`
}

/**
 * After a page load: the access token did not survive it, the cookie did. Resolves to the
 * session, or null when there is no sign-in to resume (without asking, when the page was never
 * signed in: the refresh would only be refused).
 */
export function resumeSession(): Promise<Session | null> {
  if (current) return Promise.resolve(current)
  if (!hasSessionHint()) return Promise.resolve(null)
  return renew('local').catch(() => null)
}

if (channel) {
  channel.onmessage = (event: MessageEvent) => {
    if (event.data === 'signed-out' && current) setSession(null, { announce: false })
    if (event.data === 'signed-in' && !current) void resumeSession()
  }
}

/** Milliseconds before expiry when the token is renewed in the background. */
export const REFRESH_MARGIN_MS = 60_000
