import { Link } from 'react-router-dom'
import { BarChart3, Briefcase, FileText, KanbanSquare, Mail, Map, Sparkles } from 'lucide-react'
import { useAuth } from '@/auth/AuthProvider'
import { Logo } from '@/components/layout/Logo'
import { buttonVariants } from '@/components/ui/button'
import { cn } from '@/lib/utils'

const FEATURES = [
  { icon: FileText, title: 'Resume score you can act on', text: 'An ATS score with the reasons behind every point, and concrete edits pointing at your own bullets.' },
  { icon: Briefcase, title: 'Jobs ranked for you', text: 'Thousands of postings scored in milliseconds: which skills match, which are missing, and why.' },
  { icon: BarChart3, title: 'What the market pays', text: 'Salary ranges, demand trends, top skills and hiring companies for your role and city.' },
  { icon: Map, title: 'A roadmap to your next role', text: 'The skills between you and the role you want, in the order to learn them, with milestones.' },
  { icon: KanbanSquare, title: 'Every application in one place', text: 'A board from saved to offer, with the full history of each application.' },
  { icon: Mail, title: 'Interviews found in your inbox', text: 'Connect Gmail and interview invitations land in your calendar and tracker by themselves.' },
]

export default function Landing() {
  const { session } = useAuth()
  return (
    <div className="min-h-screen bg-white">
      <header className="mx-auto flex max-w-6xl items-center justify-between px-4 py-5 sm:px-6">
        <Logo to="/" />
        <nav aria-label="Account" className="flex items-center gap-2">
          {session ? (
            <Link to="/dashboard" className={buttonVariants()}>
              Open dashboard
            </Link>
          ) : (
            <>
              <Link to="/signin" className={buttonVariants({ variant: 'ghost' })}>
                Sign in
              </Link>
              <Link to="/signup" className={buttonVariants()}>
                Get started
              </Link>
            </>
          )}
        </nav>
      </header>
      <main>
        <section className="relative overflow-hidden">
          <div aria-hidden="true" className="absolute inset-0 -z-10 bg-[radial-gradient(60rem_30rem_at_50%_-10%,rgba(79,70,229,0.15),transparent)]" />
          <div className="mx-auto max-w-4xl px-4 pb-16 pt-12 text-center sm:px-6 sm:pt-20">
            <p className="mx-auto mb-5 inline-flex items-center gap-2 rounded-full border bg-white px-3 py-1 text-xs font-medium text-muted-foreground shadow-sm">
              <Sparkles className="size-3.5 text-primary" aria-hidden="true" /> Your job search, organised and explained
            </p>
            <h1 className="text-4xl font-extrabold tracking-tight text-slate-900 sm:text-6xl">
              Find the jobs that fit you, <span className="text-primary">and know why.</span>
            </h1>
            <p className="mx-auto mt-5 max-w-2xl text-lg text-slate-600">
              Career Agent reads your resume, ranks open jobs against it, tells you what the market pays and which skills to learn
              next, and keeps your applications and interviews up to date.
            </p>
            <div className="mt-8 flex flex-col justify-center gap-3 sm:flex-row">
              <Link to={session ? '/dashboard' : '/signup'} className={cn(buttonVariants({ size: 'lg' }), 'px-8')}>
                {session ? 'Go to your dashboard' : 'Create a free account'}
              </Link>
              {!session ? (
                <Link to="/signin" className={buttonVariants({ size: 'lg', variant: 'outline' })}>
                  I already have an account
                </Link>
              ) : null}
            </div>
          </div>
        </section>
        <section aria-labelledby="features" className="border-t bg-slate-50 py-16">
          <div className="mx-auto max-w-6xl px-4 sm:px-6">
            <h2 id="features" className="text-center text-2xl font-bold tracking-tight">
              Everything between you and your next job
            </h2>
            <ul className="mt-10 grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
              {FEATURES.map(({ icon: Icon, title, text }) => (
                <li key={title} className="rounded-lg border bg-white p-5 shadow-sm">
                  <div className="mb-3 inline-flex rounded-md bg-accent p-2 text-accent-foreground">
                    <Icon className="size-5" aria-hidden="true" />
                  </div>
                  <h3 className="font-semibold">{title}</h3>
                  <p className="mt-1 text-sm text-slate-600">{text}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>
      <footer className="border-t py-8 text-center text-sm text-muted-foreground">
        Your data stays yours: export it or delete your account at any time from Settings.
      </footer>
    </div>
  )
}
