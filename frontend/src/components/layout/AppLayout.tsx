import * as React from 'react'
import { NavLink, Outlet, useLocation } from 'react-router-dom'
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

export function AppLayout() {
  const [open, setOpen] = React.useState(false)
  const location = useLocation()
  const mainRef = React.useRef<HTMLElement>(null)

  // A new page closes the phone menu.
  const [path, setPath] = React.useState(location.pathname)
  if (path !== location.pathname) {
    setPath(location.pathname)
    setOpen(false)
  }

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
      <header className="sticky top-0 z-40 flex items-center justify-between border-b bg-white/95 px-4 py-3 backdrop-blur lg:hidden">
        <Logo />
        <Button variant="ghost" size="icon" aria-label={open ? 'Close menu' : 'Open menu'} aria-expanded={open} aria-controls="mobile-nav" onClick={() => setOpen((o) => !o)}>
          {open ? <X /> : <Menu />}
        </Button>
      </header>
      {open ? (
        <div id="mobile-nav" className="fixed inset-x-0 top-[61px] z-30 border-b bg-white p-4 shadow-lg lg:hidden">
          <nav aria-label="Main">
            <NavItems onNavigate={() => setOpen(false)} />
          </nav>
          <div className="mt-4">
            <UserBox />
          </div>
        </div>
      ) : null}
      <main id="main" ref={mainRef} tabIndex={-1} className="min-w-0 px-4 py-6 sm:px-6 lg:px-10 lg:py-8 focus:outline-none">
        <div className="mx-auto max-w-6xl">
          <React.Suspense fallback={<PageFallback />}>
            <Outlet />
          </React.Suspense>
        </div>
      </main>
    </div>
  )
}
