import { Link } from 'react-router-dom'
import { buttonVariants } from '@/components/ui/button'

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[70vh] max-w-md flex-col items-center justify-center gap-3 px-4 text-center">
      <p className="text-sm font-semibold text-primary">404</p>
      <h1 className="text-2xl font-bold">This page does not exist</h1>
      <p className="text-muted-foreground">The link may be old, or the address mistyped.</p>
      <Link to="/" className={buttonVariants()}>
        Go home
      </Link>
    </main>
  )
}
