import { describe, expect, it } from 'vitest'
import { parseSalary } from './salary'

describe('parseSalary', () => {
  it.each([
    ['85000', 85000],
    ['85k', 85000],
    ['85K', 85000],
    ['85 k', 85000],
    ['$85k', 85000],
    ['€ 90k', 90000],
    ['85,000', 85000],
    ['85 000', 85000],
    ["85'000", 85000],
    ['1,250,000', 1250000],
    ['85.5k', 85500],
    ['1.2m', 1200000],
    ['1.25 million', 1250000],
    ['0.5k', 500],
    ['85000.00', 85000],
    ['  72000 ', 72000],
  ])('reads %j as %d', (text, value) => {
    expect(parseSalary(text)).toEqual({ ok: true, value })
  })

  it('reads nothing as no minimum', () => {
    expect(parseSalary('')).toEqual({ ok: true, value: null })
    expect(parseSalary('   ')).toEqual({ ok: true, value: null })
  })

  it.each(['85k-95k', '80-90k', 'eighty', '85 USD', '85,5k', '1,2345', '85x', 'k', '$', '1.200.000'])('refuses %j instead of guessing', (text) => {
    const read = parseSalary(text)
    expect(read.ok).toBe(false)
    expect(read.ok ? '' : read.message).toMatch(/85000, 85,000 or 85k/)
  })

  it('refuses a dot that could group thousands or mark decimals, saying both readings', () => {
    expect(parseSalary('85.000')).toEqual({ ok: false, message: '“85.000” could be 85000 or 85: write it like 85000, 85,000 or 85k.' })
  })

  it('refuses fractions of a unit and negative amounts', () => {
    expect(parseSalary('85000.5')).toMatchObject({ ok: false, message: expect.stringMatching(/whole amount/) })
    expect(parseSalary('85.5555k')).toMatchObject({ ok: false, message: expect.stringMatching(/whole amount/) })
    expect(parseSalary('-85k')).toEqual({ ok: false, message: 'The salary cannot be negative.' })
  })
})
