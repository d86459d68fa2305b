import * as React from 'react'
import { useNavigate } from 'react-router-dom'
import { ArrowLeft, ArrowRight, Check, Loader2, Mail } from 'lucide-react'
import { api } from '@/api/endpoints'
import { describeError } from '@/api/errors'
import type { Profile, ProfileUpdate, ResumeDetail } from '@/api/types'
import { Logo } from '@/components/layout/Logo'
import { ResumeUploader } from '@/components/resume/ResumeUploader'
import { SkillsInput } from '@/components/skills/SkillsInput'
import { ErrorState, LoadingRows } from '@/components/states'
import { Field, FormError, SalaryField } from '@/components/field'
import { Button } from '@/components/ui/button'
import { Card, CardContent } from '@/components/ui/card'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { useConfig } from '@/auth/AuthProvider'
import { useGmailStatus, useMe, useUpdateMe } from '@/hooks/queries'
import { plural } from '@/lib/format'
import { RETURN_KEY } from '@/lib/gmail'
import { targetRoleProblem } from '@/lib/profile'
import { parseSalary } from '@/lib/salary'
import { cn } from '@/lib/utils'

const STEPS = ['Career stage', 'Target role', 'Salary', 'Skills', 'Resume', 'Gmail'] as const
// What each skippable step asks for: skipping it keeps what was saved before, not what was typed.
const SKIPPED_FIELDS: Partial<Record<number, (keyof Draft)[]>> = { 2: ['minSalary', 'currency'], 3: ['skills'] }

const CAREER_STAGES = [
  { value: 'student', label: 'Student or graduate', text: 'Looking for an internship or a first job' },
  { value: 'early', label: 'Early career', text: '0–3 years of experience' },
  { value: 'mid', label: 'Mid-level', text: '3–7 years of experience' },
  { value: 'senior', label: 'Senior', text: '7+ years, leading work' },
  { value: 'changer', label: 'Changing careers', text: 'Moving into a new field' },
  { value: 'returning', label: 'Returning to work', text: 'After a break' },
]

interface Draft {
  careerStage: string
  targetRole: string
  location: string
  remote: string
  minSalary: string
  currency: string
  skills: string[]
}

function draftFrom(p: Profile | undefined): Draft {
  const prefs = (p?.preferences ?? {}) as Record<string, unknown>
  return {
    careerStage: p?.careerStage ?? '',
    targetRole: p?.targetRole ?? '',
    location: p?.location ?? '',
    remote: typeof prefs.remote === 'string' ? prefs.remote : 'any',
    minSalary: typeof prefs.minSalary === 'number' ? String(prefs.minSalary) : '',
    currency: typeof prefs.currency === 'string' ? prefs.currency : 'USD',
    skills: p?.skills ?? [],
  }
}

export default function Onboarding() {
  const me = useMe()
  if (me.isPending) {
    return (
      <Shell step={0}>
        <LoadingRows rows={2} label="Loading your profile" />
      </Shell>
    )
  }
  if (me.isError) {
    return (
      <Shell step={0}>
        <ErrorState error={me.error} title="Could not load your profile" onRetry={() => void me.refetch()} />
      </Shell>
    )
  }
  return <Wizard profile={me.data} />
}

function Shell({ step, children }: { step: number; children: React.ReactNode }) {
  return (
    <div className="min-h-screen bg-gradient-to-b from-indigo-50 to-white px-4 py-6 sm:py-10">
      <div className="mx-auto max-w-2xl">
        <div className="mb-6 flex items-center justify-between">
          <Logo />
          <span className="text-sm text-muted-foreground">
            Step {step + 1} of {STEPS.length}
          </span>
        </div>
        <ol className="mb-6 grid grid-cols-6 gap-1.5" aria-label="Set-up steps">
          {STEPS.map((label, i) => (
            <li key={label} className="grid gap-1">
              <span className={cn('h-1.5 rounded-full', i <= step ? 'bg-primary' : 'bg-slate-200')} />
              <span className={cn('hidden text-xs sm:block', i === step ? 'font-medium text-foreground' : 'text-muted-foreground')} aria-current={i === step ? 'step' : undefined}>
                {label}
              </span>
            </li>
          ))}
        </ol>
        <main>{children}</main>
      </div>
    </div>
  )
}

function Wizard({ profile }: { profile: Profile }) {
  const navigate = useNavigate()
  const update = useUpdateMe()
  const config = useConfig()
  const gmail = useGmailStatus(config.data?.gmailConfigured === true)
  const saved = (profile.onboarding ?? {}) as { step?: number; completed?: boolean }
  const [step, setStep] = React.useState(() => Math.min(Math.max(saved.completed ? 0 : (saved.step ?? 0), 0), STEPS.length - 1))
  const [draft, setDraft] = React.useState<Draft>(() => draftFrom(profile))
  const [error, setError] = React.useState<string | null>(null)
  const [salaryError, setSalaryError] = React.useState<string | null>(null)
  const salaryRef = React.useRef<HTMLInputElement>(null)
  const [resume, setResume] = React.useState<ResumeDetail | null>(null)
  const headingRef = React.useRef<HTMLHeadingElement>(null)

  React.useEffect(() => {
    headingRef.current?.focus()
  }, [step])

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }))

  function changes(nextStep: number, completed = false, skipped: number | null = null): ProfileUpdate {
    const kept = SKIPPED_FIELDS[skipped ?? -1] ?? []
    const prefs = { ...(profile.preferences ?? {}) } as Record<string, unknown>
    prefs.remote = draft.remote
    if (!kept.includes('currency')) prefs.currency = draft.currency
    const salary = parseSalary(draft.minSalary)
    // Text that cannot be read keeps the amount saved before; going on is refused until it is fixed.
    if (salary.ok && !kept.includes('minSalary')) prefs.minSalary = salary.value
    return {
      ...(draft.careerStage ? { careerStage: draft.careerStage } : {}),
      ...(draft.targetRole.trim() ? { targetRole: draft.targetRole.trim() } : {}),
      ...(draft.location.trim() ? { location: draft.location.trim() } : {}),
      skills: kept.includes('skills') ? (profile.skills ?? []) : draft.skills,
      preferences: prefs as ProfileUpdate['preferences'],
      onboarding: { ...saved, step: nextStep, completed },
    }
  }

  async function go(nextStep: number, skip = false) {
    setError(null)
    const roleProblem = targetRoleProblem(draft.targetRole)
    if (nextStep > step && step === 1 && roleProblem) {
      setError(roleProblem)
      return
    }
    const salary = parseSalary(draft.minSalary)
    if (!skip && nextStep > step && step === 2 && !salary.ok) {
      setSalaryError(salary.message)
      salaryRef.current?.focus()
      return
    }
    const done = nextStep >= STEPS.length
    try {
      await update.mutateAsync(changes(Math.min(nextStep, STEPS.length - 1), done, skip ? step : null))
      if (skip) {
        // Back on this step later, it shows what is saved, not the text that was skipped.
        const before = draftFrom(profile)
        const fields = SKIPPED_FIELDS[step] ?? []
        setDraft((d) => ({ ...d, ...Object.fromEntries(fields.map((f) => [f, before[f]])) }))
        setSalaryError(null)
      }
      if (done) navigate('/dashboard', { replace: true })
      else setStep(nextStep)
    } catch (err) {
      setError(describeError(err))
    }
  }

  async function connectGmail() {
    setError(null)
    try {
      await update.mutateAsync(changes(step))
      const { authorizationUrl } = await api.gmail.connect()
      sessionStorage.setItem(RETURN_KEY, '/onboarding')
      location.assign(authorizationUrl)
    } catch (err) {
      setError(describeError(err))
    }
  }

  const foundSkills = resume?.analysis?.skills ?? []

  return (
    <Shell step={step}>
      <Card>
        <CardContent className="grid gap-6 p-6 sm:p-8">
          <h1 ref={headingRef} tabIndex={-1} className="text-xl font-bold tracking-tight focus:outline-none sm:text-2xl">
            {
              [
                'Where are you in your career?',
                'What role are you aiming for?',
                'What salary are you looking for?',
                'What are your strongest skills?',
                'Upload your resume',
                'Find interviews in your inbox',
              ][step]
            }
          </h1>
          <FormError message={error} />

          {step === 0 ? (
            <fieldset className="grid gap-3 sm:grid-cols-2">
              <legend className="sr-only">Career stage</legend>
              {CAREER_STAGES.map((s) => (
                <label
                  key={s.value}
                  className={cn(
                    'flex cursor-pointer items-start gap-3 rounded-lg border p-4 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring',
                    draft.careerStage === s.value ? 'border-primary bg-accent' : 'hover:bg-muted',
                  )}
                >
                  <input
                    type="radio"
                    name="careerStage"
                    value={s.value}
                    checked={draft.careerStage === s.value}
                    onChange={() => set('careerStage', s.value)}
                    className="mt-1 accent-[var(--color-primary)]"
                  />
                  <span>
                    <span className="block font-medium">{s.label}</span>
                    <span className="block text-sm text-muted-foreground">{s.text}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          ) : null}

          {step === 1 ? (
            <div className="grid gap-4">
              <Field label="Target role" placeholder="e.g. Data Analyst, Registered Nurse" value={draft.targetRole} onChange={(e) => set('targetRole', e.target.value)} autoComplete="organization-title" />
              <Field label="Where do you want to work?" placeholder="e.g. Austin, TX or London" value={draft.location} onChange={(e) => set('location', e.target.value)} />
              <div className="grid gap-1.5">
                <Label htmlFor="remote">Remote work</Label>
                <NativeSelect id="remote" value={draft.remote} onChange={(e) => set('remote', e.target.value)}>
                  <option value="any">No preference</option>
                  <option value="yes">Remote only</option>
                  <option value="hybrid">Hybrid</option>
                  <option value="no">On-site</option>
                </NativeSelect>
              </div>
            </div>
          ) : null}

          {step === 2 ? (
            <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
              <SalaryField
                ref={salaryRef}
                label="Minimum yearly salary"
                placeholder="e.g. 85000 or 85k"
                value={draft.minSalary}
                currency={draft.currency}
                onValueChange={(text) => {
                  set('minSalary', text)
                  setSalaryError(null)
                }}
                error={salaryError}
                hint="Used to rank jobs and to compare with market data. Leave empty to skip."
              />
              <div className="grid content-start gap-1.5">
                <Label htmlFor="currency">Currency</Label>
                <NativeSelect id="currency" value={draft.currency} onChange={(e) => set('currency', e.target.value)}>
                  {['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'INR', 'CHF', 'SGD'].map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </NativeSelect>
              </div>
            </div>
          ) : null}

          {step === 3 ? (
            <div className="grid gap-2">
              <Label htmlFor="skills">Skills</Label>
              <SkillsInput id="skills" value={draft.skills} onChange={(v) => set('skills', v)} suggestions={foundSkills} />
              <p className="text-xs text-muted-foreground">You can also skip this: we will read your skills from your resume in the next step.</p>
            </div>
          ) : null}

          {step === 4 ? (
            <div className="grid gap-3">
              <p className="text-sm text-muted-foreground">
                We score it the way applicant tracking systems read it, and use it to rank jobs for you.
              </p>
              <ResumeUploader
                compact
                targetRole={draft.targetRole}
                onDone={(r) => {
                  setResume(r)
                  const found: string[] = r.analysis?.skills ?? []
                  if (found.length) {
                    const have = new Set(draft.skills.map((s) => s.toLowerCase()))
                    set('skills', [...draft.skills, ...found.filter((s) => !have.has(s.toLowerCase()))])
                  }
                }}
              />
              {resume?.analysis ? (
                <p role="status" className="flex items-start gap-2 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
                  <Check className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                  <span className="min-w-0">
                    Your resume scored <strong>{Math.round(resume.analysis.atsScore)}</strong>/100, and we found{' '}
                    {plural(resume.analysis.skills.length, 'skill')}. See the details on the Resume page.
                  </span>
                </p>
              ) : null}
            </div>
          ) : null}

          {step === 5 ? (
            <div className="grid gap-4">
              <p className="text-sm text-muted-foreground">
                Connect Gmail (read-only) and interview invitations will be added to your calendar and your tracker by themselves.
                You can do this later from the Gmail page.
              </p>
              {config.data?.gmailConfigured === false ? (
                <p className="rounded-md bg-muted px-3 py-2 text-sm text-muted-foreground">
                  Gmail is not set up on this server yet, so this step can be skipped. You can add interviews to your tracker by hand, from each application.
                </p>
              ) : gmail.data?.connected ? (
                <p className="flex items-center gap-2 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
                  <Check className="size-4" aria-hidden="true" /> Connected as {gmail.data.email}
                </p>
              ) : (
                <Button variant="outline" className="w-fit" onClick={() => void connectGmail()}>
                  <Mail /> Connect Gmail
                </Button>
              )}
            </div>
          ) : null}

          <div className="flex flex-col-reverse gap-2 border-t pt-5 sm:flex-row sm:items-center sm:justify-between">
            <Button variant="ghost" onClick={() => void go(step - 1)} disabled={step === 0 || update.isPending}>
              <ArrowLeft /> Back
            </Button>
            <div className="flex flex-col-reverse gap-2 sm:flex-row">
              {step >= 2 ? (
                <Button variant="ghost" onClick={() => void go(step + 1, true)} disabled={update.isPending}>
                  {step === STEPS.length - 1 ? 'Skip and finish' : 'Skip'}
                </Button>
              ) : null}
              <Button onClick={() => void go(step + 1)} disabled={update.isPending || (step === 0 && !draft.careerStage)}>
                {update.isPending ? <Loader2 className="animate-spin" /> : null}
                {step === STEPS.length - 1 ? 'Finish' : 'Continue'} {step < STEPS.length - 1 ? <ArrowRight /> : null}
              </Button>
            </div>
          </div>
        </CardContent>
      </Card>
      <p className="mt-4 text-center text-xs text-muted-foreground">Your answers are saved as you go; you can come back later.</p>
    </Shell>
  )
}
