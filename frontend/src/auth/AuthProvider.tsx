import * as React from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/api/endpoints'
import type { ClientConfig } from '@/api/types'
import {
  endSession,
  getSession,
  refreshSession,
  REFRESH_MARGIN_MS,
  resumeSession,
  sessionFromTokens,
  setSession,
  subscribeSession,
  type Session,
} from './session'

interface AuthContextValue {
  session: Session | null
  config: ClientConfig | undefined
  configError: unknown
  /** True while a session is looked for after the page loaded (the refresh cookie). */
  resuming: boolean
  signIn: (email: string, password: string) => Promise<void>
  signInHosted: (returnTo: string, page?: 'login' | 'signup') => Promise<void>
  /** Ends the session (revoking the refresh token) and goes to `redirectTo`. */
  signOut: (redirectTo?: string) => Promise<void>
}

const AuthContext = React.createContext<AuthContextValue | null>(null)

export function useSessionState(): Session | null {
  return React.useSyncExternalStore(subscribeSession, getSession, getSession)
}

export function useConfig() {
  return useQuery({ queryKey: ['config'], queryFn: api.config, staleTime: Infinity, retry: 2 })
}

export function AuthProvider({ children }: { children: React.ReactNode }) {
  const session = useSessionState()
  const queryClient = useQueryClient()
  const config = useConfig()
  const [resumed, setResumed] = React.useState(() => Boolean(getSession()))
  const local = config.data?.authMode === 'local'
  const resuming = !resumed && (local || (!config.data && !config.error))

  // Tokens live in memory, so a reload starts signed out: the refresh cookie, if any, signs back in.
  React.useEffect(() => {
    if (resumed || !local) return
    let live = true
    void resumeSession().finally(() => {
      if (live) setResumed(true)
    })
    return () => {
      live = false
    }
  }, [resumed, local])

  // Renew the access token in the background a minute before it expires.
  React.useEffect(() => {
    if (!session) return
    const wait = Math.max(5_000, session.expiresAt - Date.now() - REFRESH_MARGIN_MS)
    const timer = window.setTimeout(() => {
      void refreshSession().catch(() => undefined)
    }, wait)
    return () => window.clearTimeout(timer)
  }, [session])

  // A session that ends (refresh refused, signed out in another tab) drops cached data.
  const hadSession = React.useRef(Boolean(session))
  React.useEffect(() => {
    if (hadSession.current && !session) queryClient.clear()
    hadSession.current = Boolean(session)
  }, [session, queryClient])

  const value = React.useMemo<AuthContextValue>(
    () => ({
      session,
      config: config.data,
      configError: config.error,
      resuming: resuming && !session,
      async signIn(email, password) {
        const tokens = await api.auth.login({ email, password })
        queryClient.clear()
        setSession(sessionFromTokens(tokens, 'local'))
      },
      async signInHosted(returnTo, page = 'login') {
        const cfg = config.data ?? (await api.config())
        // Loaded on demand: oidc-client-ts is only needed in Cognito mode.
        const { startHostedSignIn } = await import('./cognito')
        await startHostedSignIn(cfg, returnTo, page)
      },
      async signOut(redirectTo = '/signin') {
        const current = getSession()
        endSession(redirectTo)
        queryClient.clear()
        if (current?.mode === 'cognito' && config.data) {
          const { signOutHosted } = await import('./cognito')
          await signOutHosted(config.data)
          return
        }
        // Revokes the refresh token and clears its cookie, which this page cannot do itself.
        await api.auth.logout().catch(() => undefined)
      },
    }),
    [session, resuming, config.data, config.error, queryClient],
  )

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuth(): AuthContextValue {
  const ctx = React.useContext(AuthContext)
  if (!ctx) throw new Error('useAuth must be used inside AuthProvider')
  return ctx
}
