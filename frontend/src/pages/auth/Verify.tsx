import * as React from 'react'
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom'
import { Loader2, MailCheck } from 'lucide-react'
import { api } from '@/api/endpoints'
import { describeError } from '@/api/errors'
import { useAuth } from '@/auth/AuthProvider'
import { Field, FormError } from '@/components/field'
import { Button } from '@/components/ui/button'
import { AuthShell } from './AuthShell'
import { CodeField } from './PasswordFields'
import { OutboxNote } from './OutboxNote'

export default function Verify() {
  const [params] = useSearchParams()
  const location = useLocation()
  const navigate = useNavigate()
  const { signIn } = useAuth()
  // Kept only in memory, so a fresh sign-up can go straight on to onboarding after verifying.
  const password = (location.state as { password?: string } | null)?.password ?? null
  const [email, setEmail] = React.useState(params.get('email') ?? '')
  const [code, setCode] = React.useState('')
  const [error, setError] = React.useState<string | null>(null)
  const [info, setInfo] = React.useState<string | null>(null)
  const [busy, setBusy] = React.useState(false)

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault()
    setError(null)
    setBusy(true)
    try {
      await api.auth.verify({ email: email.trim(), code: code.trim() })
      if (password) {
        await signIn(email.trim(), password)
        navigate('/onboarding', { replace: true })
      } else {
        navigate('/signin', { replace: true, state: { email: email.trim(), notice: 'Email verified. Sign in to continue.' } })
      }
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }

  async function resend() {
    setError(null)
    setInfo(null)
    try {
      await api.auth.resend(email.trim())
      setInfo('A new code is on its way. Check your inbox.')
    } catch (err) {
      setError(describeError(err))
    }
  }

  return (
    <AuthShell
      title="Check your email"
      description={
        <span className="flex items-start gap-2">
          <MailCheck className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          <span className="min-w-0 [overflow-wrap:anywhere]">
            We sent a verification code to {email ? <strong>{email}</strong> : 'your email'}. Enter it below.
          </span>
        </span>
      }
      footer={
        <Link className="text-primary underline-offset-4 hover:underline" to="/signin">
          Back to sign in
        </Link>
      }
    >
      <form className="grid gap-4" onSubmit={onSubmit} noValidate>
        <FormError message={error} />
        <OutboxNote />
        {info ? <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900" role="status">{info}</p> : null}
        {!params.get('email') ? (
          <Field label="Email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        ) : null}
        <CodeField label="Verification code" value={code} onChange={(e) => setCode(e.target.value)} />
        <Button type="submit" disabled={busy || !code || !email} className="w-full">
          {busy ? <Loader2 className="animate-spin" /> : null}
          Verify email
        </Button>
        <Button variant="link" onClick={() => void resend()} disabled={!email}>
          Send a new code
        </Button>
      </form>
    </AuthShell>
  )
}
