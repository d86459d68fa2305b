/** What a salary typed by a person means: nothing, a whole amount, or text we refuse to guess at. */
export type SalaryInput = { ok: true; value: number | null } | { ok: false; message: string }

const SUFFIXES: Record<string, number> = {
  '': 1,
  k: 1_000,
  thousand: 1_000,
  m: 1_000_000,
  mn: 1_000_000,
  mio: 1_000_000,
  million: 1_000_000,
}

const EXAMPLES = 'like 85000, 85,000 or 85k'

/**
 * Reads "85000", "85,000", "85 000", "$85k", "85.5k" or "1.2m" as the amount people mean. Text it
 * cannot read with certainty is refused with a reason rather than turned into another number:
 * "85.000" may be 85 or 85,000, and "80-90k" is a range, not a minimum.
 */
export function parseSalary(text: string): SalaryInput {
  const raw = text.trim()
  if (!raw) return { ok: true, value: null }
  const refuse = (why = `Write the salary as one amount, ${EXAMPLES}.`): SalaryInput => ({ ok: false, message: why })
  if (/^-/.test(raw)) return refuse('The salary cannot be negative.')
  const m = /^[$€£¥₹]?\s*(\d(?:[\d.,' \u00a0\u202f]*\d)?)\s*([a-z]*)$/i.exec(raw)
  if (!m) return refuse()
  const [, digits = '', suffix = ''] = m
  const factor = SUFFIXES[suffix.toLowerCase()]
  if (factor === undefined) return refuse()
  let plain: string
  if (/^\d+(\.\d+)?$/.test(digits)) {
    plain = digits
    if (factor === 1 && /^\d{1,3}\.\d{3}$/.test(digits)) {
      return refuse(`“${raw}” could be ${digits.replace('.', '')} or ${digits.split('.')[0]}: write it ${EXAMPLES}.`)
    }
  } else if (/^\d{1,3}([,' \u00a0\u202f])\d{3}(\1\d{3})*(\.\d+)?$/.test(digits)) {
    plain = digits.replace(/[,' \u00a0\u202f]/g, '')
  } else {
    return refuse()
  }
  // Whole units only: scaling by the suffix first keeps "85.5k" exact, with no float drift.
  const [whole = '0', decimals = ''] = plain.split('.')
  const fraction = decimals.replace(/0+$/, '')
  const places = String(factor).length - 1
  if (fraction.length > places) return refuse(`Use a whole amount, ${EXAMPLES}.`)
  const value = Number(whole + fraction.padEnd(places, '0'))
  if (!Number.isSafeInteger(value)) return refuse()
  return { ok: true, value }
}
