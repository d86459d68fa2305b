import * as React from 'react'
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom'
import { Loader2 } from 'lucide-react'
import { ApiError, describeError } from '@/api/errors'
import { api } from '@/api/endpoints'
import { useAuth } from '@/auth/AuthProvider'
import { Field, FormError } from '@/components/field'
import { Button } from '@/components/ui/button'
import { AuthShell } from './AuthShell'

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/dashboard'
}

export default function SignIn() {
  const { session, config, signIn, signInHosted } = useAuth()
  const [params] = useSearchParams()
  const location = useLocation()
  const navigate = useNavigate()
  const next = safeNext(params.get('next'))
  const notice = (location.state as { notice?: string } | null)?.notice ?? null
  const [email, setEmail] = React.useState((location.state as { email?: string } | null)?.email ?? '')
  const [password, setPassword] = React.useState('')
  const [error, setError] = React.useState<string | null>(null)
  const [busy, setBusy] = React.useState(false)

  if (session) return <Navigate to={next} replace />

  const forgotLink = (
    <Link className="justify-self-end text-sm text-primary underline-offset-4 hover:underline" to="/forgot-password" state={{ email: email.trim() }}>
      Forgot password?
    </Link>
  )

  if (config?.authMode === 'cognito') {
    return (
      <AuthShell title="Sign in" description="You will continue on the secure sign-in page.">
        <div className="grid gap-3">
          <Button className="w-full" onClick={() => void signInHosted(next)}>
            Continue to sign in
          </Button>
          {forgotLink}
        </div>
      </AuthShell>
    )
  }

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault()
    setError(null)
    setBusy(true)
    try {
      await signIn(email.trim(), password)
      const me = await api.me.get().catch(() => null)
      const onboarded = Boolean(me?.onboarding && (me.onboarding as { completed?: boolean }).completed)
      navigate(onboarded || params.get('next') ? next : '/onboarding', { replace: true })
    } catch (err) {
      if (err instanceof ApiError && err.code === 'email_not_verified') {
        navigate(`/verify?email=${encodeURIComponent(email.trim())}`, { state: { password } })
        return
      }
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <AuthShell
      title="Welcome back"
      description="Sign in to see your matches, applications and interviews."
      footer={
        <>
          New here?{' '}
          <Link className="font-medium text-primary underline-offset-4 hover:underline" to="/signup">
            Create an account
          </Link>
        </>
      }
    >
      <form className="grid gap-4" onSubmit={onSubmit} noValidate>
        {notice ? <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">{notice}</p> : null}
        <FormError message={error} />
        <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {forgotLink}
        <Button type="submit" disabled={busy || !email || !password} className="w-full">
          {busy ? <Loader2 className="animate-spin" /> : null}
          Sign in
        </Button>
        <p className="text-center text-sm text-muted-foreground">
          Have a code?{' '}
          <Link className="text-primary underline-offset-4 hover:underline" to={`/verify${email ? `?email=${encodeURIComponent(email)}` : ''}`}>
            Verify your email
          </Link>
        </p>
      </form>
    </AuthShell>
  )
}
