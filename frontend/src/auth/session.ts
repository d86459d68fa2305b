import { ApiError, NetworkError, errorFromResponse } from '@/api/errors'

/** The signed-in user's tokens. Kept in localStorage so a reload (or another tab) stays signed in. */
export interface Session {
  accessToken: string
  idToken: string
  refreshToken: string
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number
  mode: 'local' | 'cognito'
  /** Cognito only: where tokens are refreshed, and for which app client. */
  tokenUrl?: string
  clientId?: string
}

export interface TokenResponse {
  accessToken: string
  idToken: string
  refreshToken?: string | null
  expiresIn: number
}

const KEY = 'careerAgent.session'
const listeners = new Set<() => void>()
let current: Session | null = load()

function load(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY)
    if (!raw) return null
    const s = JSON.parse(raw) as Partial<Session>
    if (typeof s.accessToken !== 'string' || typeof s.refreshToken !== 'string') return null
    return s as Session
  } catch {
    return null
  }
}

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

let leaving: { to: string; until: number } | null = null

/**
 * Ends the session and says where the protected page being left should send the browser
 * (otherwise it sends it to sign in, to come back after).
 */
export function endSession(redirectTo: string): void {
  leaving = { to: redirectTo, until: Date.now() + 3000 }
  setSession(null)
}

export function signOutDestination(): string | null {
  return leaving && leaving.until > Date.now() ? leaving.to : null
}

export function setSession(next: Session | null): void {
  if (next) leaving = null
  current = next
  try {
    if (next) localStorage.setItem(KEY, JSON.stringify(next))
    else localStorage.removeItem(KEY)
  } catch {
    // Private mode or full storage: the session still lives in memory for this tab.
  }
  notify()
}

/** Turns a token answer into a session; a refresh that returns no new refresh token keeps the old one. */
export function sessionFromTokens(
  tokens: TokenResponse,
  base: Pick<Session, 'mode' | 'tokenUrl' | 'clientId'> & { refreshToken?: string },
): Session {
  const refreshToken = tokens.refreshToken || base.refreshToken || ''
  return {
    accessToken: tokens.accessToken,
    idToken: tokens.idToken,
    refreshToken,
    expiresAt: Date.now() + Math.max(30, tokens.expiresIn) * 1000,
    mode: base.mode,
    ...(base.tokenUrl ? { tokenUrl: base.tokenUrl } : {}),
    ...(base.clientId ? { clientId: base.clientId } : {}),
  }
}

if (typeof window !== 'undefined') {
  // Another tab signed in, refreshed or signed out: follow it.
  window.addEventListener('storage', (e) => {
    if (e.key === KEY) {
      current = load()
      notify()
    }
  })
}

let inFlight: Promise<Session | null> | null = null

async function requestRefresh(session: Session): Promise<TokenResponse> {
  let response: Response
  try {
    if (session.mode === 'cognito' && session.tokenUrl && session.clientId) {
      response = await fetch(session.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: session.clientId,
          refresh_token: session.refreshToken,
        }),
      })
    } else {
      response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: session.refreshToken }),
      })
    }
  } catch {
    throw new NetworkError()
  }
  if (!response.ok) throw await errorFromResponse(response)
  const body = (await response.json()) as Record<string, unknown>
  if (session.mode === 'cognito') {
    return {
      accessToken: String(body.access_token),
      idToken: String(body.id_token),
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null,
      expiresIn: Number(body.expires_in) || 3600,
    }
  }
  return body as unknown as TokenResponse
}

/**
 * Refresh tokens are single-use: the server answers a new one and treats a second use of the
 * old one as theft, signing out every session descended from it. So tabs take turns (a Web
 * Lock), and a tab that waited adopts the tokens another tab just stored instead of spending
 * its own, now-used, refresh token again.
 */
async function refreshOnce(session: Session): Promise<{ adopted: Session } | { tokens: TokenResponse }> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined
  if (!locks) return { tokens: await requestRefresh(session) }
  return locks.request('careerAgent.refresh', async () => {
    const stored = load()
    if (stored && stored.refreshToken !== session.refreshToken) return { adopted: stored }
    return { tokens: await requestRefresh(session) }
  })
}

/**
 * Exchanges the refresh token for fresh tokens (and stores the new refresh token), once at a
 * time however many callers ask. Resolves to null (and signs out) when the refresh token is no
 * longer accepted; a network failure leaves the session alone and rejects.
 */
export function refreshSession(): Promise<Session | null> {
  const session = current
  if (!session) return Promise.resolve(null)
  if (inFlight) return inFlight
  inFlight = refreshOnce(session)
    .then((result) => {
      // Signed out (or signed in as someone else) while the refresh was on its way.
      if (current?.refreshToken !== session.refreshToken) return current
      if ('adopted' in result) {
        current = result.adopted
        notify()
        return current
      }
      const next = sessionFromTokens(result.tokens, { ...session, refreshToken: session.refreshToken })
      setSession(next)
      return next
    })
    .catch((err: unknown) => {
      if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) {
        if (current?.refreshToken === session.refreshToken) setSession(null)
        return null
      }
      throw err
    })
    .finally(() => {
      inFlight = null
    })
  return inFlight
}

/** Milliseconds before expiry when the token is renewed in the background. */
export const REFRESH_MARGIN_MS = 60_000
