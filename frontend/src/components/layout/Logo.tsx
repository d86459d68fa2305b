import { Link } from 'react-router-dom'

export function Logo({ to = '/dashboard' }: { to?: string }) {
  return (
    <Link to={to} className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
      <svg aria-hidden="true" viewBox="0 0 32 32" className="size-8">
        <rect width="32" height="32" rx="8" fill="#4f46e5" />
        <path d="M9 21l5-6 4 4 5-8" stroke="#fff" strokeWidth="2.5" fill="none" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      <span>Career Agent</span>
    </Link>
  )
}
