import * as React from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/api/endpoints'
import type { ClientConfig } from '@/api/types'
import {
  endSession,
  getSession,
  refreshSession,
  REFRESH_MARGIN_MS,
  sessionFromTokens,
  setSession,
  subscribeSession,
  type Session,
} from './session'
import { hostedSignOutUrl, startHostedSignIn } from './cognito'

interface AuthContextValue {
  session: Session | null
  config: ClientConfig | undefined
  configError: unknown
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
      async signIn(email, password) {
        const tokens = await api.auth.login({ email, password })
        queryClient.clear()
        setSession(sessionFromTokens(tokens, { mode: 'local' }))
      },
      async signInHosted(returnTo, page = 'login') {
        const cfg = config.data ?? (await api.config())
        await startHostedSignIn(cfg, returnTo, page)
      },
      async signOut(redirectTo = '/signin') {
        const current = getSession()
        endSession(redirectTo)
        queryClient.clear()
        if (current?.mode === 'cognito' && config.data) {
          location.assign(hostedSignOutUrl(config.data))
          return
        }
        if (current?.refreshToken) await api.auth.logout(current.refreshToken).catch(() => undefined)
      },
    }),
    [session, config.data, config.error, queryClient],
  )

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

export function useAuth(): AuthContextValue {
  const ctx = React.useContext(AuthContext)
  if (!ctx) throw new Error('useAuth must be used inside AuthProvider')
  return ctx
}
