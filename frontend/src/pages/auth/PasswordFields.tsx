import type * as React from 'react'
import { Check, Circle } from 'lucide-react'
import { Field } from '@/components/field'
import { cn } from '@/lib/utils'
import { PASSWORD_RULES } from './password'

type InputProps = Omit<React.ComponentProps<typeof Field>, 'label' | 'type'>

/** A password being chosen, with the sign-up rules ticked off as they are met. */
export function NewPasswordField({ label = 'Password', value, ...props }: InputProps & { label?: string; value: string }) {
  return (
    <Field
      label={label}
      type="password"
      autoComplete="new-password"
      required
      value={value}
      {...props}
      hint={
        <ul className="mt-1 grid grid-cols-1 gap-0.5 sm:grid-cols-2" aria-label="Password requirements">
          {PASSWORD_RULES.map((r) => {
            const ok = r.test(value)
            return (
              <li key={r.label} className={cn('flex items-center gap-1.5', ok && 'text-emerald-700')}>
                {ok ? <Check className="size-3" aria-hidden="true" /> : <Circle className="size-3" aria-hidden="true" />}
                {r.label}
                <span className="sr-only">{ok ? ' (done)' : ' (missing)'}</span>
              </li>
            )
          })}
        </ul>
      }
    />
  )
}

/** A code sent by email, typed or pasted from the message. */
export function CodeField({ label, ...props }: InputProps & { label: string }) {
  return (
    <Field
      label={label}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={16}
      className="[&_input]:text-center [&_input]:text-lg [&_input]:tracking-[0.4em]"
      {...props}
    />
  )
}
