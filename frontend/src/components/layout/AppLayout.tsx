import * as React from 'react'
import { NavLink, Outlet, useLocation } from 'react-router-dom'
import * as Dialog from '@radix-ui/react-dialog'
import {
  BarChart3,
  Briefcase,
  FileText,
  Inbox,
  KanbanSquare,
  LayoutDashboard,
  LogOut,
  Mail,
  Map,
  Menu,
  Settings as SettingsIcon,
  X,
} from 'lucide-react'
import { useAuth } from '@/auth/AuthProvider'
import { useMe } from '@/hooks/queries'
import { Button } from '@/components/ui/button'
import { Logo } from './Logo'
import { PageFallback } from './PageFallback'
import { cn } from '@/lib/utils'

export const NAV = [
  { to: '/dashboard', label: 'Dashboard', icon: LayoutDashboard },
  { to: '/jobs', label: 'Job search', icon: Briefcase },
  { to: '/resume', label: 'Resume', icon: FileText },
  { to: '/applications', label: 'Applications', icon: KanbanSquare },
  { to: '/market', label: 'Market', icon: BarChart3 },
  { to: '/roadmap', label: 'Roadmap', icon: Map },
  { to: '/gmail', label: 'Gmail', icon: Mail },
  { to: '/review', label: 'Review emails', icon: Inbox },
  { to: '/settings', label: 'Settings', icon: SettingsIcon },
] as const

function NavItems({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <ul className="grid gap-1">
      {NAV.map(({ to, label, icon: Icon }) => (
        <li key={to}>
          <NavLink
            to={to}
            onClick={onNavigate}
            className={({ isActive }) =>
              cn(
                'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors',
                isActive ? 'bg-accent text-accent-foreground' : 'text-muted-foreground hover:bg-muted hover:text-foreground',
              )
            }
          >
            <Icon className="size-4" aria-hidden="true" />
            {label}
          </NavLink>
        </li>
      ))}
    </ul>
  )
}

function UserBox() {
  const me = useMe()
  const { signOut } = useAuth()
  const name = me.data?.name || me.data?.email || ' '
  return (
    <div className="flex items-center gap-3 border-t pt-4">
      <div aria-hidden="true" className="flex size-9 shrink-0 items-center justify-center rounded-full bg-primary/10 text-sm font-semibold text-primary">
        {(me.data?.name || me.data?.email || '?').slice(0, 1).toUpperCase()}
      </div>
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm font-medium">{name}</p>
        {me.data?.name ? <p className="truncate text-xs text-muted-foreground">{me.data.email}</p> : null}
      </div>
      <Button
        variant="ghost"
        size="icon"
        aria-label="Sign out"
        title="Sign out"
        onClick={() => void signOut('/signin')}
      >
        <LogOut />
      </Button>
    </div>
  )
}

/** Moves focus into the new page after client-side navigation (to its <h1> when it is already
 * drawn, else to <main>), as a full page load would start reading from the top. */
function useFocusOnNavigation(mainRef: React.RefObject<HTMLElement | null>) {
  const { pathname } = useLocation()
  const first = React.useRef(true)
  React.useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    const main = mainRef.current
    if (!main) return
    const h1 = main.querySelector<HTMLElement>('h1')
    if (h1) {
      h1.tabIndex = -1
      h1.focus({ preventScroll: true })
    } else {
      main.focus({ preventScroll: true })
    }
  }, [pathname, mainRef])
}

export function AppLayout() {
  const [open, setOpen] = React.useState(false)
  const location = useLocation()
  const mainRef = React.useRef<HTMLElement>(null)
  // Set when a link in the phone menu is followed: focus then goes to the new page, not back to the menu button.
  const navigated = React.useRef(false)
  useFocusOnNavigation(mainRef)

  // A new page closes the phone menu.
  const [path, setPath] = React.useState(location.pathname)
  if (path !== location.pathname) {
    setPath(location.pathname)
    setOpen(false)
  }
  // The page behind the open phone menu takes no focus, clicks or reading (React 18 has no `inert` prop).
  const inert = open ? ({ inert: '' } as React.HTMLAttributes<HTMLElement>) : {}

  return (
    <div className="min-h-screen lg:grid lg:grid-cols-[15rem_1fr] lg:bg-[linear-gradient(to_right,#fff_calc(15rem-1px),var(--color-border)_calc(15rem-1px),var(--color-border)_15rem,transparent_15rem)]">
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <aside className="hidden border-r bg-white lg:sticky lg:self-start lg:top-0 lg:flex lg:h-screen lg:flex-col lg:gap-6 lg:p-4">
        <Logo />
        <nav aria-label="Main" className="flex-1 overflow-y-auto">
          <NavItems />
        </nav>
        <UserBox />
      </aside>
      <Dialog.Root open={open} onOpenChange={setOpen}>
        <header className="sticky top-0 z-40 flex items-center justify-between border-b bg-white/95 px-4 py-3 backdrop-blur lg:hidden">
          <Logo />
          <Dialog.Trigger asChild>
            <Button variant="ghost" size="icon" aria-label="Open menu">
              <Menu />
            </Button>
          </Dialog.Trigger>
        </header>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-50 bg-black/40 lg:hidden" />
          <Dialog.Content
            id="mobile-nav"
            aria-describedby={undefined}
            className="fixed inset-x-0 top-0 z-50 max-h-screen overflow-y-auto border-b bg-white p-4 shadow-lg lg:hidden"
            onCloseAutoFocus={(e) => {
              if (navigated.current) {
                navigated.current = false
                e.preventDefault()
              }
            }}
          >
            <div className="mb-4 flex items-center justify-between">
              <Logo />
              <Dialog.Title className="sr-only">Menu</Dialog.Title>
              <Dialog.Close asChild>
                <Button variant="ghost" size="icon" aria-label="Close menu">
                  <X />
                </Button>
              </Dialog.Close>
            </div>
            <nav aria-label="Main">
              <NavItems
                onNavigate={() => {
                  navigated.current = true
                  setOpen(false)
                }}
              />
            </nav>
            <div className="mt-4">
              <UserBox />
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
      <main id="main" ref={mainRef} tabIndex={-1} className="min-w-0 px-4 py-6 sm:px-6 lg:px-10 lg:py-8 focus:outline-none" {...inert}>
        <div className="mx-auto max-w-6xl">
          <React.Suspense fallback={<PageFallback />}>
            <Outlet />
          </React.Suspense>
        </div>
      </main>
    </div>
  )
}
