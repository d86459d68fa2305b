/** Jobs are ranked for the target role, so a profile always has one: onboarding and Settings ask alike. */
export function targetRoleProblem(role: string): string | null {
  return role.trim() ? null : 'Tell us the role you are aiming for, so we can rank jobs for it.'
}
