import '@testing-library/jest-dom/vitest'
import { afterEach, vi } from 'vitest'
import { cleanup, configure } from '@testing-library/react'
import { setSession } from '@/auth/session'

// Recharts measures its container; jsdom has no layout.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver
window.scrollTo = () => {}
// findBy* waits: lazily loaded parts (charts) and a machine shared with other work need more than 1 s.
configure({ asyncUtilTimeout: 5000 })

afterEach(() => {
  cleanup()
  setSession(null)
  localStorage.clear()
  sessionStorage.clear()
  vi.unstubAllGlobals()
})
