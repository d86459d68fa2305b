import * as React from 'react'
import { Loader2 } from 'lucide-react'
import { ApiError, describeError, errorField } from '@/api/errors'
import { useAuth } from '@/auth/AuthProvider'
import { Field, FormError } from '@/components/field'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { toast } from '@/components/ui/toast'
import { useChangePassword } from '@/hooks/queries'
import { passwordAdvice } from '@/pages/auth/password'
import { NewPasswordField } from '@/pages/auth/PasswordFields'

/** Changing the password of the signed-in person, who types the current one again. */
export function PasswordSection() {
  const { session, signOut } = useAuth()
  const change = useChangePassword()
  const [current, setCurrent] = React.useState('')
  const [next, setNext] = React.useState('')
  const [error, setError] = React.useState<string | null>(null)
  const [field, setField] = React.useState<string | null>(null)

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault()
    setError(null)
    setField(null)
    const advice = passwordAdvice(next)
    if (advice) {
      setField('newPassword')
      setError(advice)
      return
    }
    try {
      await change.mutateAsync({ currentPassword: current, newPassword: next })
    } catch (err) {
      setError(describeError(err))
      setField(err instanceof ApiError && err.code === 'wrong_password' ? 'currentPassword' : errorField(err))
      return
    }
    setCurrent('')
    setNext('')
    if (session?.mode === 'cognito') {
      // Cognito signs out every session, this one included.
      toast({ title: 'Password changed', description: 'Sign in again with your new password.', variant: 'success' })
      await signOut('/signin')
      return
    }
    toast({ title: 'Password changed', description: 'Your other devices were signed out.', variant: 'success' })
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>Password</CardTitle>
        <CardDescription>Changing it signs you out on every other device.</CardDescription>
      </CardHeader>
      <CardContent>
        <form className="grid max-w-md gap-4" onSubmit={onSubmit} noValidate>
          <FormError message={error} />
          <Field
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            error={field === 'currentPassword' ? ' ' : null}
          />
          <NewPasswordField label="New password" value={next} onChange={(e) => setNext(e.target.value)} error={field === 'newPassword' ? ' ' : null} />
          <Button type="submit" className="justify-self-start" disabled={change.isPending || !current || !next}>
            {change.isPending ? <Loader2 className="animate-spin" /> : null}
            Change password
          </Button>
        </form>
      </CardContent>
    </Card>
  )
}
