import * as React from 'react'
import { Link, Navigate, useNavigate } from 'react-router-dom'
import { Loader2 } from 'lucide-react'
import { api } from '@/api/endpoints'
import { describeError, errorField } from '@/api/errors'
import { useAuth } from '@/auth/AuthProvider'
import { Field, FormError } from '@/components/field'
import { Button } from '@/components/ui/button'
import { AuthShell } from './AuthShell'
import { passwordAdvice } from './password'
import { NewPasswordField } from './PasswordFields'

export default function SignUp() {
  const { session, config, signInHosted } = useAuth()
  const navigate = useNavigate()
  const [name, setName] = React.useState('')
  const [email, setEmail] = React.useState('')
  const [password, setPassword] = React.useState('')
  const [error, setError] = React.useState<string | null>(null)
  const [field, setField] = React.useState<string | null>(null)
  const [busy, setBusy] = React.useState(false)

  if (session) return <Navigate to="/dashboard" replace />
  if (config?.authMode === 'cognito') {
    return (
      <AuthShell title="Create your account" description="You will continue on the secure sign-up page.">
        <Button className="w-full" onClick={() => void signInHosted('/onboarding', 'signup')}>
          Continue to sign up
        </Button>
      </AuthShell>
    )
  }

  const advice = passwordAdvice(password)

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault()
    setError(null)
    setField(null)
    if (advice) {
      setField('password')
      setError(advice)
      return
    }
    setBusy(true)
    try {
      await api.auth.signup({ email: email.trim(), password, name: name.trim() })
      navigate(`/verify?email=${encodeURIComponent(email.trim())}`, { state: { password } })
    } catch (err) {
      setError(describeError(err))
      setField(errorField(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <AuthShell
      title="Create your account"
      description="Free. Upload a resume and get ranked jobs in a minute."
      footer={
        <>
          Already have an account?{' '}
          <Link className="font-medium text-primary underline-offset-4 hover:underline" to="/signin">
            Sign in
          </Link>
        </>
      }
    >
      <form className="grid gap-4" onSubmit={onSubmit} noValidate>
        <FormError message={error} />
        <Field label="Your name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} error={field === 'name' ? ' ' : null} />
        <Field label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={field === 'email' ? ' ' : null} />
        <NewPasswordField
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={field === 'password' ? ' ' : null}
        />
        <Button type="submit" disabled={busy || !name || !email || !password} className="w-full">
          {busy ? <Loader2 className="animate-spin" /> : null}
          Create account
        </Button>
      </form>
    </AuthShell>
  )
}
