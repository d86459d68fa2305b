import { describe, expect, it } from 'vitest'
import { ApiError, describeError } from '@/api/errors'
import { plural } from './format'

describe('plural', () => {
  it('agrees the word with the count', () => {
    expect(plural(0, 'posting')).toBe('0 postings')
    expect(plural(1, 'posting')).toBe('1 posting')
    expect(plural(2, 'new skill')).toBe('2 new skills')
    expect(plural(1200, 'job')).toBe('1,200 jobs')
    expect(plural(6.7, 'year')).toBe('6.7 years')
    expect(plural(3, 'match', 'matches')).toBe('3 matches')
  })

  it('counts the wait after a refusal for too many requests', () => {
    expect(describeError(new ApiError(429, 'rate_limited', 'too many sign-in attempts', null, 1))).toBe('Too many sign-in attempts. Try again in 1 second.')
  })
})
