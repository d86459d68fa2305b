import { useConfig } from '@/auth/AuthProvider'

/** Where a code goes on a server with no email service (the local token issuer): into its dev
 * outbox. Without this, someone running the product on a laptop waits for an email that never
 * comes. */
export function OutboxNote() {
  const config = useConfig().data
  if (config?.authMode !== 'local') return null
  return (
    <p className="rounded-md border border-dashed px-3 py-2 text-xs text-muted-foreground" data-testid="outbox-note">
      This server runs without an email service: the code is written to its dev outbox instead (the newest file in{' '}
      <code>data/outbox/</code> by default).
    </p>
  )
}
