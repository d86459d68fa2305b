import { lazy, Suspense, useEffect, useState } from 'react'
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom'
import { QueryClientProvider } from '@tanstack/react-query'
import { AuthProvider } from '@/auth/AuthProvider'
import { RequireAuth } from '@/auth/RequireAuth'
import { AppLayout } from '@/components/layout/AppLayout'
import { PageFallback } from '@/components/layout/PageFallback'
import { RouteErrorBoundary } from '@/components/layout/RouteErrorBoundary'
import { Toaster } from '@/components/ui/toast'
import { titleFor } from '@/lib/titles'
import { createQueryClient } from '@/queryClient'

const Landing = lazy(() => import('@/pages/Landing'))
const SignIn = lazy(() => import('@/pages/auth/SignIn'))
const SignUp = lazy(() => import('@/pages/auth/SignUp'))
const Verify = lazy(() => import('@/pages/auth/Verify'))
const ResetPassword = lazy(() => import('@/pages/auth/ResetPassword'))
const AuthCallback = lazy(() => import('@/pages/auth/AuthCallback'))
const Onboarding = lazy(() => import('@/pages/onboarding/Onboarding'))
const Dashboard = lazy(() => import('@/pages/Dashboard'))
const JobSearch = lazy(() => import('@/pages/jobs/JobSearch'))
const JobDetail = lazy(() => import('@/pages/jobs/JobDetail'))
const ResumeOptimizer = lazy(() => import('@/pages/resume/ResumeOptimizer'))
const Applications = lazy(() => import('@/pages/applications/Applications'))
const Market = lazy(() => import('@/pages/Market'))
const Roadmap = lazy(() => import('@/pages/Roadmap'))
const Gmail = lazy(() => import('@/pages/Gmail'))
const Review = lazy(() => import('@/pages/Review'))
const Settings = lazy(() => import('@/pages/Settings'))
const NotFound = lazy(() => import('@/pages/NotFound'))

function PageTitle() {
  const { pathname } = useLocation()
  useEffect(() => {
    document.title = titleFor(pathname)
  }, [pathname])
  return null
}

export function AppRoutes() {
  return (
    <>
    <PageTitle />
    <Routes>
      <Route path="/" element={<Landing />} />
      <Route path="/signin" element={<SignIn />} />
      <Route path="/signup" element={<SignUp />} />
      <Route path="/verify" element={<Verify />} />
      <Route path="/forgot-password" element={<ResetPassword />} />
      <Route path="/auth/callback" element={<AuthCallback />} />
      <Route element={<RequireAuth />}>
        <Route path="/onboarding" element={<Onboarding />} />
        <Route element={<AppLayout />}>
          <Route path="/dashboard" element={<Dashboard />} />
          <Route path="/jobs" element={<JobSearch />} />
          <Route path="/jobs/:jobId" element={<JobDetail />} />
          <Route path="/resume" element={<ResumeOptimizer />} />
          <Route path="/applications" element={<Applications />} />
          <Route path="/market" element={<Market />} />
          <Route path="/roadmap" element={<Roadmap />} />
          <Route path="/gmail" element={<Gmail />} />
          <Route path="/review" element={<Review />} />
          <Route path="/settings" element={<Settings />} />
        </Route>
      </Route>
      <Route path="/home" element={<Navigate to="/dashboard" replace />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
    </>
  )
}

export function App() {
  const [queryClient] = useState(createQueryClient)
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <AuthProvider>
          <RouteErrorBoundary>
            <Suspense fallback={<PageFallback />}>
              <AppRoutes />
            </Suspense>
          </RouteErrorBoundary>
          <Toaster />
        </AuthProvider>
      </BrowserRouter>
    </QueryClientProvider>
  )
}
