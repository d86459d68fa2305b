import { Navigate, Outlet, useLocation } from 'react-router-dom'
import { useAuth } from './AuthProvider'
import { sessionWasLost, signOutDestination } from './session'

const LOST = 'Your sign-in has ended, for example because the password was changed on another device. Sign in again.'

/** Routes below this need a signed-in user; others are sent to sign in and brought back after. */
export function RequireAuth() {
  const { session, resuming } = useAuth()
  const location = useLocation()
  if (!session && resuming) {
    return (
      <div role="status" className="p-6 text-sm text-muted-foreground">
        Loading…
      </div>
    )
  }
  if (!session) {
    const leavingTo = signOutDestination()
    if (leavingTo) return <Navigate to={leavingTo} replace />
    const next = `${location.pathname}${location.search}`
    const state = sessionWasLost() ? { notice: LOST } : undefined
    return <Navigate to={`/signin?next=${encodeURIComponent(next)}`} replace state={state} />
  }
  return <Outlet />
}
