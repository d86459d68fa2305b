import '@testing-library/jest-dom/vitest'
import { afterEach, vi } from 'vitest'
import { cleanup } from '@testing-library/react'
import { setSession } from '@/auth/session'

// Recharts measures its container; jsdom has no layout.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver
window.scrollTo = () => {}

afterEach(() => {
  cleanup()
  setSession(null)
  localStorage.clear()
  sessionStorage.clear()
  vi.unstubAllGlobals()
})
