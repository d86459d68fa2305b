import * as React from 'react'
import { FileUp, Inbox, Loader2, Sparkles } from 'lucide-react'
import { useQueryClient } from '@tanstack/react-query'
import { Link } from 'react-router-dom'
import { describeError } from '@/api/errors'
import type { MailboxImport } from '@/api/types'
import { Button } from '@/components/ui/button'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { Progress } from '@/components/ui/progress'
import { keys, useMailImport, useStartMailImport } from '@/hooks/queries'
import { plural } from '@/lib/format'

const ACCEPT = '.mbox,.eml,application/mbox,message/rfc822'

/** A count as the page writes numbers (1,515). */
function count(n: number | null | undefined): string {
  return (n ?? 0).toLocaleString()
}

function ImportProgress({ item }: { item: MailboxImport }) {
  const total = item.total ?? null
  const read = item.read ?? 0
  const percent = total ? Math.min(100, Math.round((100 * read) / Math.max(total, 1))) : 0
  const reasons = Object.entries(item.skippedReasons ?? {})
  if (item.status === 'failed') {
    return (
      <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
        The import of {item.fileName ?? 'the mailbox'} failed{item.error ? `: ${item.error}` : '.'}
      </p>
    )
  }
  if (item.status !== 'done') {
    return (
      <div role="status" aria-live="polite" className="grid gap-2 text-sm" data-testid="import-progress">
        <p className="flex items-center gap-2">
          <Loader2 className="size-4 animate-spin" aria-hidden="true" />
          {item.status === 'queued' || total === null
            ? `Waiting to read ${item.fileName ?? 'the mailbox'}…`
            : `Reading messages: ${count(read)} of ${count(total)}`}
        </p>
        <Progress value={percent} aria-label="Import progress" />
        <p className="text-muted-foreground">
          {count(item.interviews)} about interviews · {count(item.skipped)} skipped
        </p>
      </div>
    )
  }
  return (
    <div role="status" className="grid gap-1 text-sm" data-testid="import-result">
      <p className="font-medium">
        Imported {plural(read, 'message')} from {item.fileName}: {count(item.processed)} checked, {count(item.interviews)} about interviews
        {item.applications ? `, ${plural(item.applications, 'other application update')}` : ''}
        {item.alreadyImported ? `, ${count(item.alreadyImported)} imported before` : ''}, {count(item.skipped)} skipped.
      </p>
      {item.toReview ? (
        <p>
          <Link to="/review" className="font-medium text-primary hover:underline">
            {plural(item.toReview, 'message')} {item.toReview === 1 ? 'waits' : 'wait'} for your review
          </Link>
        </p>
      ) : null}
      {reasons.length ? (
        <ul className="list-inside list-disc text-muted-foreground">
          {reasons.map(([reason, n]) => (
            <li key={reason}>
              {count(n)} skipped: {reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

/** Import saved mail (an mbox from Google Takeout, an .eml) or a demo mailbox: no Google needed. */
export function MailImportCard() {
  const qc = useQueryClient()
  const [file, setFile] = React.useState<File | null>(null)
  const [sent, setSent] = React.useState<number | null>(null)
  const [importId, setImportId] = React.useState<string | null>(null)
  const current = useMailImport(importId)
  const status = current.data?.status

  React.useEffect(() => {
    if (status === 'done') {
      void qc.invalidateQueries({ queryKey: keys.interviews })
      void qc.invalidateQueries({ queryKey: keys.applications })
    }
  }, [status, qc])

  const started = (item: MailboxImport) => {
    setSent(null)
    setImportId(item.importId)
    qc.setQueryData(keys.mailImport(item.importId), item)
  }
  const { uploadFile, demo } = useStartMailImport({ onProgress: setSent, onStarted: started })
  const running = uploadFile.isPending || demo.isPending || (importId !== null && status !== 'done' && status !== 'failed')
  const error = uploadFile.error ?? demo.error

  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <Inbox className="size-4" aria-hidden="true" /> Import saved mail
        </CardTitle>
        <CardDescription>
          No Google account needed: upload a mailbox exported with Google Takeout (.mbox) or one email (.eml), and it goes through the
          same interview detection as a Gmail scan. Mail imported twice is counted once.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault()
            // Only the latest attempt's error is shown: the demo's, if any, is no longer news.
            demo.reset()
            if (file) uploadFile.mutate(file)
          }}
        >
          <label htmlFor="mailbox-file" className="sr-only">
            Mailbox file (.mbox or .eml)
          </label>
          <input
            id="mailbox-file"
            name="mailbox"
            type="file"
            accept={ACCEPT}
            className="w-full min-w-0 max-w-full text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-background file:px-3 file:py-1.5 file:text-sm"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            disabled={running}
          />
          <Button type="submit" disabled={!file || running}>
            {uploadFile.isPending ? <Loader2 className="animate-spin" /> : <FileUp />} Import mailbox
          </Button>
          <Button
            type="button"
            variant="outline"
            onClick={() => {
              uploadFile.reset()
              demo.mutate()
            }}
            disabled={running}
          >
            {demo.isPending ? <Loader2 className="animate-spin" /> : <Sparkles />} Try with a demo mailbox
          </Button>
        </form>
        {sent !== null ? (
          <div role="status" className="grid gap-1 text-sm">
            <p>Uploading… {sent}%</p>
            <Progress value={sent} aria-label="Upload progress" />
          </div>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm text-red-800">
            {describeError(error)}
          </p>
        ) : null}
        {current.data ? <ImportProgress item={current.data} /> : null}
      </CardContent>
    </Card>
  )
}
