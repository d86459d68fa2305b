import * as React from 'react'
import { X } from 'lucide-react'
import { Input } from '@/components/ui/input'

/** Free-form skill chips: type and press Enter or comma; Backspace on empty removes the last. */
export function SkillsInput({
  value,
  onChange,
  id,
  placeholder = 'Type a skill and press Enter',
  suggestions = [],
}: {
  value: string[]
  onChange: (skills: string[]) => void
  id?: string
  placeholder?: string
  suggestions?: string[]
}) {
  const [draft, setDraft] = React.useState('')
  const lower = new Set(value.map((s) => s.toLowerCase()))

  function add(raw: string) {
    const parts = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && !lower.has(s.toLowerCase()))
    if (parts.length) onChange([...value, ...parts])
    setDraft('')
  }

  return (
    <div className="grid gap-2">
      <div className="flex min-h-10 flex-wrap items-center gap-1.5 rounded-md border border-input bg-background p-1.5 focus-within:outline-2 focus-within:outline-ring">
        {value.map((s) => (
          <span key={s} className="inline-flex items-center gap-1 rounded-full bg-accent py-0.5 pl-2.5 pr-1 text-xs font-medium text-accent-foreground">
            {s}
            <button
              type="button"
              className="rounded-full p-0.5 hover:bg-primary/15 cursor-pointer"
              aria-label={`Remove ${s}`}
              onClick={() => onChange(value.filter((x) => x !== s))}
            >
              <X className="size-3" />
            </button>
          </span>
        ))}
        <Input
          id={id}
          value={draft}
          placeholder={value.length ? '' : placeholder}
          className="h-7 min-w-32 flex-1 border-0 p-1 shadow-none focus-visible:outline-none"
          onChange={(e) => {
            if (e.target.value.endsWith(',')) add(e.target.value)
            else setDraft(e.target.value)
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              add(draft)
            } else if (e.key === 'Backspace' && !draft && value.length) {
              onChange(value.slice(0, -1))
            }
          }}
          onBlur={() => draft && add(draft)}
        />
      </div>
      {suggestions.filter((s) => !lower.has(s.toLowerCase())).length ? (
        <div className="flex flex-wrap items-center gap-1.5 text-xs">
          <span className="text-muted-foreground">Suggestions:</span>
          {suggestions
            .filter((s) => !lower.has(s.toLowerCase()))
            .slice(0, 12)
            .map((s) => (
              <button
                key={s}
                type="button"
                onClick={() => onChange([...value, s])}
                className="rounded-full border px-2 py-0.5 hover:bg-accent cursor-pointer"
              >
                + {s}
              </button>
            ))}
        </div>
      ) : null}
    </div>
  )
}
