/** Each route's page title, "Job search · Career Agent": the first thing a screen reader says
 * after navigation, and what a tab or a bookmark shows. */
const TITLES: [RegExp, string][] = [
  [/^\/$/, 'Find the jobs that fit you'],
  [/^\/signin$/, 'Sign in'],
  [/^\/signup$/, 'Create an account'],
  [/^\/verify$/, 'Verify your email'],
  [/^\/auth\/callback$/, 'Signing in'],
  [/^\/onboarding$/, 'Set up your profile'],
  [/^\/dashboard$/, 'Dashboard'],
  [/^\/jobs$/, 'Job search'],
  [/^\/jobs\/[^/]+$/, 'Job'],
  [/^\/resume$/, 'Resume'],
  [/^\/applications$/, 'Applications'],
  [/^\/market$/, 'Market'],
  [/^\/roadmap$/, 'Career roadmap'],
  [/^\/gmail$/, 'Gmail'],
  [/^\/review$/, 'Review emails'],
  [/^\/settings$/, 'Settings'],
]

export function titleFor(pathname: string): string {
  const page = TITLES.find(([re]) => re.test(pathname))?.[1] ?? 'Page not found'
  return `${page} · Career Agent`
}
