import * as React from 'react'
import { Download, Loader2, Save, Trash2 } from 'lucide-react'
import { describeError } from '@/api/errors'
import type { Profile } from '@/api/types'
import { SkillsInput } from '@/components/skills/SkillsInput'
import { ErrorState, LoadingRows, PageHeader } from '@/components/states'
import { Field, FormError, SalaryField } from '@/components/field'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog'
import { Label } from '@/components/ui/label'
import { NativeSelect } from '@/components/ui/native-select'
import { toast } from '@/components/ui/toast'
import { useDeleteAccount, useExportData, useMe, useUpdateMe } from '@/hooks/queries'
import { useConfig } from '@/auth/AuthProvider'
import { AiWritten, providerName } from '@/components/AiWritten'
import { PasswordSection } from '@/components/settings/PasswordSection'
import { targetRoleProblem } from '@/lib/profile'
import { parseSalary } from '@/lib/salary'

function ProfileForm({ profile }: { profile: Profile }) {
  const update = useUpdateMe()
  const prefs = (profile.preferences ?? {}) as Record<string, unknown>
  const [name, setName] = React.useState(profile.name ?? '')
  const [careerStage, setCareerStage] = React.useState(profile.careerStage ?? '')
  const [targetRole, setTargetRole] = React.useState(profile.targetRole ?? '')
  const [location, setLocation] = React.useState(profile.location ?? '')
  const [skills, setSkills] = React.useState<string[]>(profile.skills ?? [])
  const [remote, setRemote] = React.useState(typeof prefs.remote === 'string' ? prefs.remote : 'any')
  const [minSalary, setMinSalary] = React.useState(typeof prefs.minSalary === 'number' ? String(prefs.minSalary) : '')
  const [currency, setCurrency] = React.useState(typeof prefs.currency === 'string' ? prefs.currency : 'USD')
  const [seniority, setSeniority] = React.useState(typeof prefs.seniority === 'string' ? prefs.seniority : '')
  const [error, setError] = React.useState<string | null>(null)
  const [roleError, setRoleError] = React.useState<string | null>(null)
  const [salaryError, setSalaryError] = React.useState<string | null>(null)
  const roleRef = React.useRef<HTMLInputElement>(null)
  const salaryRef = React.useRef<HTMLInputElement>(null)

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault()
    setError(null)
    if (!name.trim()) {
      setError('Your name cannot be empty.')
      return
    }
    const roleProblem = targetRoleProblem(targetRole)
    const salary = parseSalary(minSalary)
    setRoleError(roleProblem)
    setSalaryError(salary.ok ? null : salary.message)
    if (roleProblem || !salary.ok) {
      ;(roleProblem ? roleRef : salaryRef).current?.focus()
      return
    }
    try {
      await update.mutateAsync({
        name: name.trim(),
        careerStage: careerStage || null,
        targetRole: targetRole.trim(),
        location: location.trim() || null,
        skills,
        preferences: {
          ...prefs,
          remote,
          currency,
          minSalary: salary.value,
          seniority: seniority || null,
        } as Profile['preferences'],
        version: profile.version,
      })
      toast({ title: 'Profile saved', description: 'Job scores are being updated.', variant: 'success' })
    } catch (err) {
      setError(describeError(err))
    }
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>Used to rank jobs and build your roadmap.</CardDescription>
        </CardHeader>
        <CardContent className="grid items-start gap-4 sm:grid-cols-2">
          {error ? (
            <div className="sm:col-span-2">
              <FormError message={error} />
            </div>
          ) : null}
          <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" className="sm:col-span-1" />
          <Field label="Email" value={profile.email} readOnly disabled hint="Your sign-in email cannot be changed here." />
          <div className="grid gap-1.5">
            <Label htmlFor="careerStage">Career stage</Label>
            <NativeSelect id="careerStage" value={careerStage} onChange={(e) => setCareerStage(e.target.value)}>
              <option value="">Not set</option>
              <option value="student">Student or graduate</option>
              <option value="early">Early career</option>
              <option value="mid">Mid-level</option>
              <option value="senior">Senior</option>
              <option value="changer">Changing careers</option>
              <option value="returning">Returning to work</option>
            </NativeSelect>
          </div>
          <Field
            ref={roleRef}
            label="Target role"
            value={targetRole}
            onChange={(e) => {
              setTargetRole(e.target.value)
              setRoleError(null)
            }}
            error={roleError}
          />
          <Field label="Location" value={location} onChange={(e) => setLocation(e.target.value)} className="sm:col-span-2" />
          <div className="grid gap-1.5 sm:col-span-2">
            <Label htmlFor="settings-skills">Skills</Label>
            <SkillsInput id="settings-skills" value={skills} onChange={setSkills} />
          </div>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Job preferences</CardTitle>
        </CardHeader>
        <CardContent className="grid items-start gap-4 sm:grid-cols-4">
          <div className="grid gap-1.5">
            <Label htmlFor="pref-remote">Remote work</Label>
            <NativeSelect id="pref-remote" value={remote} onChange={(e) => setRemote(e.target.value)}>
              <option value="any">No preference</option>
              <option value="yes">Remote only</option>
              <option value="hybrid">Hybrid</option>
              <option value="no">On-site</option>
            </NativeSelect>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="pref-seniority">Seniority</Label>
            <NativeSelect id="pref-seniority" value={seniority} onChange={(e) => setSeniority(e.target.value)}>
              <option value="">Any</option>
              {['intern', 'junior', 'mid', 'senior', 'lead', 'principal', 'executive'].map((s) => (
                <option key={s} value={s}>
                  {s[0]!.toUpperCase() + s.slice(1)}
                </option>
              ))}
            </NativeSelect>
          </div>
          <SalaryField
            ref={salaryRef}
            id="pref-salary"
            label="Minimum salary"
            value={minSalary}
            currency={currency}
            onValueChange={(text) => {
              setMinSalary(text)
              setSalaryError(null)
            }}
            error={salaryError}
          />
          <div className="grid gap-1.5">
            <Label htmlFor="pref-currency">Currency</Label>
            <NativeSelect id="pref-currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
              {['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'INR', 'CHF', 'SGD'].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </NativeSelect>
          </div>
        </CardContent>
      </Card>
      <div>
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? <Loader2 className="animate-spin" /> : <Save />} Save changes
        </Button>
      </div>
    </form>
  )
}

function DataRights({ email }: { email: string }) {
  const [open, setOpen] = React.useState(false)
  const [typed, setTyped] = React.useState('')
  const exportData = useExportData()
  const remove = useDeleteAccount()
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your data</CardTitle>
        <CardDescription>Take a copy of everything stored about you, or erase it all.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 sm:flex-row">
        <Button variant="outline" onClick={() => exportData.mutate()} disabled={exportData.isPending}>
          {exportData.isPending ? <Loader2 className="animate-spin" /> : <Download />} Export my data
        </Button>
        <Button variant="destructive" onClick={() => setOpen(true)}>
          <Trash2 /> Delete my account
        </Button>
      </CardContent>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o)
          if (!o) setTyped('')
        }}
      >
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Delete your account?</DialogTitle>
            <DialogDescription>
              Your profile, resumes, analyses, applications, interviews and Gmail connection are erased everywhere. This cannot be undone.
            </DialogDescription>
          </DialogHeader>
          <form
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault()
              if (typed.trim().toLowerCase() === email.toLowerCase()) remove.mutate()
            }}
          >
            <Field label={`Type your email (${email}) to confirm`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            {remove.isError ? <FormError message={describeError(remove.error)} /> : null}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="outline">Keep my account</Button>
              </DialogClose>
              <Button type="submit" variant="destructive" disabled={typed.trim().toLowerCase() !== email.toLowerCase() || remove.isPending}>
                {remove.isPending ? <Loader2 className="animate-spin" /> : <Trash2 />} Delete everything
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </Card>
  )
}

function AiModel() {
  const config = useConfig().data
  if (!config) return null
  const on = config.llm !== 'local'
  return (
    <Card>
      <CardHeader>
        <CardTitle>AI model</CardTitle>
        <CardDescription>
          {on
            ? 'Writes resume reviews, match explanations, roadmap and market summaries, and checks emails the rules cannot decide. Scores are always computed without it.'
            : 'No language model is configured: reviews and explanations are written by the built-in rules.'}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2 text-sm sm:grid-cols-[8rem_1fr]">
        <span className="text-muted-foreground">Provider</span>
        <span>{providerName(config.llm)}</span>
        {on ? (
          <>
            <span className="text-muted-foreground">Model</span>
            <span className="font-mono">{config.llmModel ?? 'unknown'}</span>
            <span className="text-muted-foreground">Its text is marked</span>
            <AiWritten />
          </>
        ) : null}
      </CardContent>
    </Card>
  )
}

export default function Settings() {
  const me = useMe()
  return (
    <>
      <PageHeader title="Settings" description="Your profile, preferences and data." />
      {me.isPending ? (
        <LoadingRows rows={3} label="Loading your profile" />
      ) : me.isError ? (
        <ErrorState error={me.error} title="Could not load your profile" onRetry={() => void me.refetch()} />
      ) : (
        <div className="grid gap-6">
          <ProfileForm key={me.data.version} profile={me.data} />
          <AiModel />
          <PasswordSection />
          <DataRights email={me.data.email} />
        </div>
      )}
    </>
  )
}
