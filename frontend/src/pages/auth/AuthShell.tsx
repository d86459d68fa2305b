import type * as React from 'react'
import { Logo } from '@/components/layout/Logo'
import { Card, CardContent, CardDescription, CardHeader } from '@/components/ui/card'

export function AuthShell({
  title,
  description,
  children,
  footer,
}: {
  title: string
  description?: React.ReactNode
  children: React.ReactNode
  footer?: React.ReactNode
}) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-indigo-50 to-white px-4 py-10">
      <div className="mb-6">
        <Logo to="/" />
      </div>
      <main className="w-full max-w-md">
        <Card>
          <CardHeader className="pb-4">
            <h1 className="text-xl font-semibold leading-none tracking-tight">{title}</h1>
            {description ? <CardDescription>{description}</CardDescription> : null}
          </CardHeader>
          <CardContent>{children}</CardContent>
        </Card>
        {footer ? <div className="mt-4 text-center text-sm text-muted-foreground">{footer}</div> : null}
      </main>
    </div>
  )
}
