import * as React from 'react'
import { CheckCircle2, FileUp, Loader2, XCircle } from 'lucide-react'
import { api } from '@/api/endpoints'
import { describeError } from '@/api/errors'
import type { ResumeDetail } from '@/api/types'
import { useConfig } from '@/auth/AuthProvider'
import { useResume } from '@/hooks/queries'
import { Button } from '@/components/ui/button'
import { Progress } from '@/components/ui/progress'
import { formatBytes } from '@/lib/format'
import { cn } from '@/lib/utils'

const ACCEPT = '.pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain'
const EXTENSIONS = ['pdf', 'docx', 'txt']

const STAGES: Record<string, { label: string; percent: number }> = {
  queued: { label: 'Waiting for an analyser', percent: 10 },
  extracting: { label: 'Reading your resume', percent: 40 },
  analysing: { label: 'Scoring and writing suggestions', percent: 75 },
  done: { label: 'Analysis ready', percent: 100 },
  failed: { label: 'Analysis failed', percent: 100 },
}

export function checkFile(file: File, maxBytes: number): string | null {
  const ext = file.name.split('.').pop()?.toLowerCase() ?? ''
  if (!EXTENSIONS.includes(ext)) return `“${file.name}” is not a PDF, DOCX or TXT file.`
  if (file.size === 0) return `“${file.name}” is empty.`
  if (file.size > maxBytes) return `“${file.name}” is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}.`
  return null
}

/** Drag-and-drop upload with upload progress, then the analysis progress until it is done. */
export function ResumeUploader({
  targetRole,
  targetJobId,
  resumeId: newVersionOf,
  onDone,
  compact = false,
}: {
  targetRole?: string
  targetJobId?: string
  /** Upload as a new version of this resume. */
  resumeId?: string
  onDone?: (resume: ResumeDetail) => void
  compact?: boolean
}) {
  const config = useConfig()
  const maxBytes = config.data?.maxUploadBytes ?? 5 * 1024 * 1024
  const inputRef = React.useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = React.useState(false)
  const [file, setFile] = React.useState<File | null>(null)
  const [uploadPct, setUploadPct] = React.useState<number | null>(null)
  const [error, setError] = React.useState<string | null>(null)
  const [resumeId, setResumeId] = React.useState<string | null>(null)
  const [version, setVersion] = React.useState<number | undefined>(undefined)
  const resume = useResume(resumeId, version)
  const status = resume.data?.status
  const notified = React.useRef<string | null>(null)

  React.useEffect(() => {
    const key = resume.data ? `${resume.data.resumeId}/${resume.data.versionNumber}` : null
    if (resume.data && status === 'done' && notified.current !== key) {
      notified.current = key
      onDone?.(resume.data)
    }
  }, [status, resume.data, onDone])

  const busy = uploadPct !== null && (uploadPct < 100 || !resumeId || (status !== 'done' && status !== 'failed'))

  async function start(f: File) {
    // One upload at a time: the button is disabled meanwhile, and a drop is ignored the same way.
    if (busy) return
    const problem = checkFile(f, maxBytes)
    setError(problem)
    // The previous upload's row goes too: without its resume id it would read as an upload stuck at 100%.
    setResumeId(null)
    setFile(problem ? null : f)
    setUploadPct(problem ? null : 0)
    if (problem) return
    try {
      const created = await api.resume.upload(
        f,
        {
          ...(targetRole ? { targetRole } : {}),
          ...(targetJobId ? { targetJobId } : {}),
          ...(newVersionOf ? { resumeId: newVersionOf } : {}),
        },
        (p) => setUploadPct(Math.round((p.loaded / p.total) * 100)),
      )
      setUploadPct(100)
      setVersion(created.versionNumber)
      setResumeId(created.resumeId ?? null)
    } catch (err) {
      setUploadPct(null)
      setError(describeError(err))
    }
  }

  function onDrop(e: React.DragEvent) {
    e.preventDefault()
    setDragging(false)
    const f = e.dataTransfer.files[0]
    if (f) void start(f)
  }

  const stage = status ? STAGES[status] : undefined

  return (
    <div className="grid gap-3">
      <div
        onDragOver={(e) => {
          e.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          'flex flex-col items-center justify-center gap-3 rounded-lg border-2 border-dashed bg-white px-6 text-center transition-colors',
          compact ? 'py-6' : 'py-10',
          dragging ? 'border-primary bg-accent' : 'border-input',
        )}
      >
        <FileUp className="size-8 text-primary" aria-hidden="true" />
        <div>
          <p className="font-medium">Drag your resume here</p>
          <p className="text-sm text-muted-foreground">PDF, DOCX or TXT, up to {formatBytes(maxBytes)}</p>
        </div>
        <Button variant="outline" onClick={() => inputRef.current?.click()} disabled={busy}>
          Choose a file
        </Button>
        <input
          ref={inputRef}
          type="file"
          accept={ACCEPT}
          // Out of the tab order and the accessibility tree: the "Choose a file" button opens it.
          hidden
          aria-label="Resume file"
          data-testid="resume-file-input"
          onChange={(e) => {
            const f = e.target.files?.[0]
            if (f) void start(f)
            e.target.value = ''
          }}
        />
      </div>

      {error ? (
        <p role="alert" className="flex items-start gap-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          <XCircle className="mt-0.5 size-4 shrink-0" aria-hidden="true" /> {error}
        </p>
      ) : null}

      {file && uploadPct !== null ? (
        <div className="rounded-md border bg-white p-3" aria-live="polite">
          <div className="mb-2 flex items-center justify-between gap-2 text-sm">
            <span className="truncate font-medium">{file.name}</span>
            <span className="shrink-0 text-muted-foreground">{formatBytes(file.size)}</span>
          </div>
          {uploadPct < 100 || !resumeId ? (
            <>
              <Progress value={uploadPct} aria-label="Upload progress" />
              <p className="mt-1.5 text-xs text-muted-foreground">Uploading… {uploadPct}%</p>
            </>
          ) : resume.error ? (
            <p className="text-sm text-red-800">{describeError(resume.error)}</p>
          ) : (
            <>
              <Progress
                value={stage?.percent ?? 5}
                aria-label="Analysis progress"
                indicatorClassName={status === 'failed' ? 'bg-destructive' : status === 'done' ? 'bg-emerald-600' : undefined}
              />
              <p className="mt-1.5 flex items-center gap-1.5 text-xs text-muted-foreground">
                {status === 'done' ? (
                  <CheckCircle2 className="size-3.5 text-emerald-600" aria-hidden="true" />
                ) : status === 'failed' ? (
                  <XCircle className="size-3.5 text-destructive" aria-hidden="true" />
                ) : (
                  <Loader2 className="size-3.5 animate-spin" aria-hidden="true" />
                )}
                {stage?.label ?? 'Starting analysis'}
                {status === 'failed' && resume.data?.error ? `: ${resume.data.error}` : ''}
              </p>
            </>
          )}
        </div>
      ) : null}
    </div>
  )
}
