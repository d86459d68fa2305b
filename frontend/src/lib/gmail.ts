// Set by the onboarding page before it sends the person to Google, so that they come back to it.
export const RETURN_KEY = 'careerAgent.gmailReturnTo'
