import * as React from 'react'
import * as ToastPrimitive from '@radix-ui/react-toast'
import { X } from 'lucide-react'
import { cn } from '@/lib/utils'

export type ToastVariant = 'default' | 'success' | 'error'

export interface ToastMessage {
  id: number
  title: string
  description?: string
  variant: ToastVariant
}

type Listener = (toasts: ToastMessage[]) => void

let counter = 0
let current: ToastMessage[] = []
const listeners = new Set<Listener>()

function emit() {
  for (const l of listeners) l(current)
}

/** Shows a short message in the corner; callable from anywhere (mutations, hooks). */
export function toast(input: { title: string; description?: string; variant?: ToastVariant }): void {
  counter += 1
  current = [...current.slice(-3), { id: counter, variant: 'default', ...input }]
  emit()
}

function dismiss(id: number) {
  current = current.filter((t) => t.id !== id)
  emit()
}

export function useToasts(): ToastMessage[] {
  const [toasts, setToasts] = React.useState(current)
  React.useEffect(() => {
    listeners.add(setToasts)
    return () => {
      listeners.delete(setToasts)
    }
  }, [])
  return toasts
}

const variantClass: Record<ToastVariant, string> = {
  default: 'border bg-background text-foreground',
  success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  error: 'border-red-200 bg-red-50 text-red-900',
}

export function Toaster() {
  const toasts = useToasts()
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={5000}>
      {toasts.map((t) => (
        <ToastPrimitive.Root
          key={t.id}
          type={t.variant === 'error' ? 'foreground' : 'background'}
          onOpenChange={(open) => {
            if (!open) dismiss(t.id)
          }}
          className={cn(
            'pointer-events-auto relative flex w-full items-start gap-3 rounded-lg p-4 pr-8 shadow-lg animate-in',
            variantClass[t.variant],
          )}
        >
          <div className="grid gap-1">
            <ToastPrimitive.Title className="text-sm font-semibold">{t.title}</ToastPrimitive.Title>
            {t.description ? (
              <ToastPrimitive.Description className="text-sm opacity-90">{t.description}</ToastPrimitive.Description>
            ) : null}
          </div>
          <ToastPrimitive.Close aria-label="Dismiss" className="absolute right-2 top-2 rounded-sm p-1 opacity-60 hover:opacity-100 cursor-pointer">
            <X className="size-4" />
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport className="fixed bottom-0 right-0 z-[100] flex max-h-screen w-full flex-col gap-2 p-4 sm:max-w-sm" />
    </ToastPrimitive.Provider>
  )
}
