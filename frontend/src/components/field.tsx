import * as React from 'react'
import { Input } from '@/components/ui/input'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { formatMoney, titleCase } from '@/lib/format'
import { parseSalary } from '@/lib/salary'
import { cn } from '@/lib/utils'

type FieldProps = React.InputHTMLAttributes<HTMLInputElement> & {
  label: string
  hint?: React.ReactNode
  error?: string | null
}

/** A labelled input whose hint and error are announced with it. */
export const Field = React.forwardRef<HTMLInputElement, FieldProps>(
  ({ label, hint, error, id, className, ...props }, ref) => {
    const auto = React.useId()
    const inputId = id ?? auto
    const hintId = hint ? `${inputId}-hint` : undefined
    const errorId = error ? `${inputId}-error` : undefined
    return (
      <div className={cn('grid gap-1.5', className)}>
        <Label htmlFor={inputId}>{label}</Label>
        <Input
          ref={ref}
          id={inputId}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
          {...props}
        />
        {hint ? (
          <div id={hintId} className="text-xs text-muted-foreground">
            {hint}
          </div>
        ) : null}
        {error ? (
          <p id={errorId} className="text-xs font-medium text-destructive">
            {error}
          </p>
        ) : null}
      </div>
    )
  },
)
Field.displayName = 'Field'

/** A salary typed the way people write it ("85k", "85,000"), saying which amount it was read as,
 * so that what is stored is never a surprise. */
export const SalaryField = React.forwardRef<
  HTMLInputElement,
  Omit<FieldProps, 'value' | 'onChange'> & { value: string; currency: string; onValueChange: (text: string) => void }
>(({ value, currency, onValueChange, hint, ...props }, ref) => {
  const read = parseSalary(value)
  const readAs = read.ok && read.value !== null && String(read.value) !== value.trim() ? `Read as ${formatMoney(read.value, currency, false)}.` : null
  return (
    <Field
      ref={ref}
      {...props}
      value={value}
      onChange={(e) => onValueChange(e.target.value)}
      hint={
        readAs || hint ? (
          <>
            {readAs ? <span className="font-medium text-foreground">{readAs} </span> : null}
            {hint}
          </>
        ) : undefined
      }
    />
  )
})
SalaryField.displayName = 'SalaryField'

/** A labelled choice among fixed values, each shown in title case. */
export function ChoiceField<T extends string>({
  label,
  name,
  choices,
  defaultValue,
}: {
  label: string
  name: string
  choices: readonly T[]
  defaultValue: T
}) {
  const id = React.useId()
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect id={id} name={name} defaultValue={defaultValue}>
        {choices.map((c) => (
          <option key={c} value={c}>
            {titleCase(c)}
          </option>
        ))}
      </NativeSelect>
    </div>
  )
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
      {message}
    </p>
  )
}
