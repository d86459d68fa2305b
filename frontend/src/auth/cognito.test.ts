import { describe, expect, it } from 'vitest'
import { CONFIG } from '@/test/utils'
import { finishHostedSignIn, hostedUiBase, pkceChallenge } from './cognito'

describe('Cognito hosted sign-in', () => {
  it('derives the S256 challenge of RFC 7636', async () => {
    await expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
  })

  it('accepts the domain as a prefix, a host or a URL', () => {
    expect(hostedUiBase({ cognitoDomain: 'career', region: 'eu-west-1' })).toBe('https://career.auth.eu-west-1.amazoncognito.com')
    expect(hostedUiBase({ cognitoDomain: 'login.example.com', region: 'eu-west-1' })).toBe('https://login.example.com')
    expect(hostedUiBase({ cognitoDomain: 'http://127.0.0.1:9000/', region: 'eu-west-1' })).toBe('http://127.0.0.1:9000')
    expect(() => hostedUiBase({ cognitoDomain: null, region: 'x' })).toThrow(/not configured/)
  })

  it('refuses a callback whose state does not match', async () => {
    sessionStorage.setItem('careerAgent.pkce', JSON.stringify({ state: 'expected', verifier: 'v', returnTo: '/jobs' }))
    const config = { ...CONFIG, authMode: 'cognito', cognitoDomain: 'career' }
    await expect(finishHostedSignIn(config, new URLSearchParams('code=abc&state=forged'))).rejects.toThrow(/no longer valid/)
    // The pending login is single-use.
    expect(sessionStorage.getItem('careerAgent.pkce')).toBeNull()
  })

  it('reports an error sent back by the hosted page', async () => {
    await expect(finishHostedSignIn({ ...CONFIG, cognitoDomain: 'c' }, new URLSearchParams('error=access_denied'))).rejects.toThrow(/access_denied/)
  })
})
