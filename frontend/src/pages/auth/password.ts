export const PASSWORD_RULES: { label: string; test: (p: string) => boolean }[] = [
  { label: 'At least 8 characters', test: (p) => p.length >= 8 },
  { label: 'An uppercase letter', test: (p) => /[A-Z]/.test(p) },
  { label: 'A lowercase letter', test: (p) => /[a-z]/.test(p) },
  { label: 'A number', test: (p) => /\d/.test(p) },
  { label: 'A symbol (like ! ? # %)', test: (p) => /[^A-Za-z0-9]/.test(p) },
]

export function passwordProblems(p: string): string[] {
  return PASSWORD_RULES.filter((r) => !r.test(p)).map((r) => r.label)
}

/** What a password being chosen still lacks, in a sentence; null when it meets every rule. */
export function passwordAdvice(p: string): string | null {
  const problems = passwordProblems(p)
  return problems.length ? `Your password needs: ${problems.join(', ').toLowerCase()}.` : null
}
