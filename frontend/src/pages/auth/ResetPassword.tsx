import * as React from 'react'
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom'
import { KeyRound, Loader2 } from 'lucide-react'
import { ApiError, describeError, errorField } from '@/api/errors'
import { useAuth } from '@/auth/AuthProvider'
import { Field, FormError } from '@/components/field'
import { Button } from '@/components/ui/button'
import { useForgotPassword, useResetPassword } from '@/hooks/queries'
import { AuthShell } from './AuthShell'
import { passwordAdvice } from './password'
import { CodeField, NewPasswordField } from './PasswordFields'
import { OutboxNote } from './OutboxNote'

const linkClass = 'text-primary underline-offset-4 hover:underline'

const backToSignIn = (
  <Link className={linkClass} to="/signin">
    Back to sign in
  </Link>
)

/** First step: the address to send a code to. */
function AskForCode() {
  const navigate = useNavigate()
  const location = useLocation()
  const forgot = useForgotPassword()
  // The address typed on the sign-in page, if any.
  const [email, setEmail] = React.useState((location.state as { email?: string } | null)?.email ?? '')
  const [error, setError] = React.useState<string | null>(null)

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault()
    setError(null)
    try {
      await forgot.mutateAsync(email.trim())
      navigate(`/forgot-password?email=${encodeURIComponent(email.trim())}`)
    } catch (err) {
      setError(describeError(err))
    }
  }

  return (
    <AuthShell title="Reset your password" description="Enter the email you sign in with and we will send you a code." footer={backToSignIn}>
      <form className="grid gap-4" onSubmit={onSubmit} noValidate>
        <FormError message={error} />
        <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Button type="submit" disabled={forgot.isPending || !email.trim()} className="w-full">
          {forgot.isPending ? <Loader2 className="animate-spin" /> : null}
          Send code
        </Button>
      </form>
    </AuthShell>
  )
}

/** Second step: the code from the email and the new password. */
function ChooseNewPassword({ email }: { email: string }) {
  const navigate = useNavigate()
  const { config, signIn } = useAuth()
  const forgot = useForgotPassword()
  const reset = useResetPassword()
  const [code, setCode] = React.useState('')
  const [password, setPassword] = React.useState('')
  const [error, setError] = React.useState<string | null>(null)
  const [field, setField] = React.useState<string | null>(null)
  const [info, setInfo] = React.useState<string | null>(null)
  const [signingIn, setSigningIn] = React.useState(false)

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault()
    setError(null)
    setField(null)
    setInfo(null)
    const advice = passwordAdvice(password)
    if (advice) {
      setField('newPassword')
      setError(advice)
      return
    }
    try {
      await reset.mutateAsync({ email, code: code.trim(), newPassword: password })
    } catch (err) {
      setError(describeError(err))
      setField(err instanceof ApiError && err.code === 'invalid_code' ? 'code' : errorField(err))
      return
    }
    const notice = 'Your password was changed and every device was signed out. Sign in with your new password.'
    // Cognito's sign-in happens on its own page; the local issuer can sign in right here.
    if (config?.authMode !== 'local') {
      navigate('/signin', { replace: true, state: { email, notice } })
      return
    }
    setSigningIn(true)
    try {
      await signIn(email, password)
      navigate('/dashboard', { replace: true })
    } catch {
      navigate('/signin', { replace: true, state: { email, notice } })
    }
  }

  async function sendAgain() {
    setError(null)
    setInfo(null)
    try {
      await forgot.mutateAsync(email)
      setInfo('A new code is on its way. Check your inbox.')
    } catch (err) {
      setError(describeError(err))
    }
  }

  const busy = reset.isPending || signingIn
  return (
    <AuthShell
      title="Choose a new password"
      description={
        <span className="flex items-start gap-2">
          <KeyRound className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <span>
            If <strong>{email}</strong> has an account, we sent it a reset code. The code works once, for 15 minutes; if you asked more than once, only the newest code works.
          </span>
        </span>
      }
      footer={backToSignIn}
    >
      <form className="grid gap-4" onSubmit={onSubmit} noValidate>
        <FormError message={error} />
        <OutboxNote />
        {info ? (
          <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900" role="status">
            {info}
          </p>
        ) : null}
        <CodeField label="Reset code" value={code} onChange={(e) => setCode(e.target.value)} error={field === 'code' ? ' ' : null} />
        <NewPasswordField
          label="New password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={field === 'newPassword' ? ' ' : null}
        />
        <Button type="submit" disabled={busy || !code.trim() || !password} className="w-full">
          {busy ? <Loader2 className="animate-spin" /> : null}
          Set new password
        </Button>
        <div className="flex flex-wrap justify-between gap-2 text-sm">
          <Button type="button" variant="link" className="h-auto p-0" onClick={() => void sendAgain()} disabled={forgot.isPending}>
            Send a new code
          </Button>
          <Link className={linkClass} to="/forgot-password">
            Use a different email
          </Link>
        </div>
      </form>
    </AuthShell>
  )
}

/** Forgotten password: ask for a code, then set a new password with it. */
export default function ResetPassword() {
  const [params] = useSearchParams()
  const email = params.get('email')?.trim() ?? ''
  return email ? <ChooseNewPassword key={email} email={email} /> : <AskForCode />
}
