import * as React from 'react'
import { Button } from '@/components/ui/button'

interface State {
  error: Error | null
}

/** Catches render errors and failed lazy chunks (e.g. after a deploy) with a way out. */
export class RouteErrorBoundary extends React.Component<{ children: React.ReactNode }, State> {
  override state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override render() {
    const { error } = this.state
    if (!error) return this.props.children
    const chunk = /dynamically imported module|Loading chunk|Failed to fetch/i.test(error.message)
    return (
      <div role="alert" className="mx-auto mt-24 max-w-md rounded-lg border bg-white p-6 text-center shadow-sm">
        <h1 className="text-lg font-semibold">{chunk ? 'A new version is available' : 'This page failed to load'}</h1>
        <p className="mt-2 text-sm text-muted-foreground">
          {chunk ? 'Reload to get the latest version of Career Agent.' : error.message}
        </p>
        <Button className="mt-4" onClick={() => location.reload()}>
          Reload
        </Button>
      </div>
    )
  }
}
