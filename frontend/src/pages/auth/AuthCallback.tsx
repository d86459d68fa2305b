import * as React from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { Loader2 } from 'lucide-react'
import { describeError } from '@/api/errors'
import { useAuth } from '@/auth/AuthProvider'
import { finishHostedSignIn } from '@/auth/cognito'
import { setSession } from '@/auth/session'
import { AuthShell } from './AuthShell'

/** Where Cognito's hosted sign-in sends the browser back with an authorization code. */
export default function AuthCallback() {
  const { config, configError } = useAuth()
  const navigate = useNavigate()
  const [error, setError] = React.useState<string | null>(null)
  const started = React.useRef(false)

  React.useEffect(() => {
    if (!config || started.current) return
    started.current = true
    finishHostedSignIn(config, location.href)
      .then(({ session, returnTo }) => {
        setSession(session)
        navigate(returnTo, { replace: true })
      })
      .catch((err: unknown) => setError(describeError(err)))
  }, [config, navigate])

  const problem = error ?? (configError ? describeError(configError) : null)
  return (
    <AuthShell title={problem ? 'Sign-in failed' : 'Signing you in…'}>
      {problem ? (
        <div className="grid gap-3">
          <p role="alert" className="text-sm text-red-800">{problem}</p>
          <Link className="text-sm font-medium text-primary underline-offset-4 hover:underline" to="/signin">
            Try again
          </Link>
        </div>
      ) : (
        <div role="status" className="flex items-center gap-2 text-sm text-muted-foreground">
          <Loader2 className="size-4 animate-spin" aria-hidden="true" /> Finishing sign-in
        </div>
      )}
    </AuthShell>
  )
}
