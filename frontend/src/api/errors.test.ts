import { describe, expect, it } from 'vitest'
import { ApiError, NetworkError, describeError, errorField, errorFromResponse } from './errors'

describe('errors from the API', () => {
  it('reads the error shape into words', async () => {
    const res = new Response(JSON.stringify({ error: { code: 'email_taken', message: 'an account with this email already exists', details: null } }), { status: 409 })
    const err = await errorFromResponse(res)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(409)
    expect(err.code).toBe('email_taken')
    expect(describeError(err)).toBe('An account with this email already exists.')
  })

  it('says when to retry after a rate limit', async () => {
    const res = new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'too many requests', details: null } }), {
      status: 429,
      headers: { 'Retry-After': '12' },
    })
    expect(describeError(await errorFromResponse(res))).toBe('Too many requests. Try again in 12 seconds.')
  })

  it('says when to retry only once, in minutes for a long wait', () => {
    const limited = (message: string, seconds: number) => new ApiError(429, 'rate_limited', message, null, seconds)
    expect(describeError(limited('too many requests; try again in 15 minutes', 874))).toBe('Too many requests; try again in 15 minutes.')
    expect(describeError(limited('too many wrong codes for this account; try again later', 874))).toBe(
      'Too many wrong codes for this account; try again in 15 minutes.',
    )
    expect(describeError(limited('too many requests', 120))).toBe('Too many requests. Try again in 2 minutes.')
  })

  it('lists further validation problems and points at the first field', async () => {
    const details = [
      { field: 'email', reason: 'not a valid email' },
      { field: 'name', reason: 'field required' },
    ]
    const res = new Response(JSON.stringify({ error: { code: 'invalid_input', message: 'email: not a valid email', details } }), { status: 422 })
    const err = await errorFromResponse(res)
    expect(describeError(err)).toBe('Email: not a valid email. Also: name: field required.')
    expect(errorField(err)).toBe('email')
  })

  it('falls back to a sentence when the body is not the error shape', async () => {
    expect(describeError(await errorFromResponse(new Response('<html>bad gateway</html>', { status: 502 })))).toBe(
      'The server is restarting. Try again in a moment.',
    )
    expect(describeError(await errorFromResponse(new Response('', { status: 500 })))).toMatch(/our side/)
  })

  it('explains network failures and unknown throwables', () => {
    expect(describeError(new NetworkError())).toMatch(/Could not reach Career Agent/)
    expect(describeError('weird')).toBe('Something unexpected happened. Try again.')
  })
})
