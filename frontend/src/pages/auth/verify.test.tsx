import { screen } from '@testing-library/react'
import { describe, it } from 'vitest'
import { expectInlineSentence, fakeApi, renderApp } from '@/test/utils'
import Verify from './Verify'

describe('verify page', () => {
  it('says where the code went in one sentence that flows as text, not in columns', async () => {
    fakeApi({})
    renderApp(<Verify />, { route: '/verify?email=dana.reyes%40example.com', path: '/verify' })
    await screen.findByRole('button', { name: 'Verify email' })
    expectInlineSentence('We sent a verification code to dana.reyes@example.com. Enter it below.')
  })
})
