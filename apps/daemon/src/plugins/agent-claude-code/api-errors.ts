import type { ActivitySignal } from '@ao/shared/plugin';

/**
 * Errors a Claude Code turn can end with (the `error` of the StopFailure hook and of an `isApiErrorMessage` transcript
 * line; the enum of 2.1.332, the same names on 2.1.197). The ones a retry cannot fix need a person: `blocked`.
 */
const NEEDS_A_PERSON = new Set([
  'authentication_failed',
  'oauth_org_not_allowed',
  'account_on_hold',
  'verification_required',
  'billing_error',
  'model_not_found',
  'cloud_credential_error',
]);

const FIXES: Record<string, string> = {
  authentication_failed:
    'set a valid ANTHROPIC_API_KEY in agents.claude-code.env, or run `claude` in a terminal and /login',
  billing_error: "add credit to the API key's account",
  model_not_found: 'set agents.claude-code.model to a model the API offers',
};

/** A turn that ended with an API error: `blocked` (with the fix) when only a person can fix it, else `idle`. */
export function turnFailed(
  error: string,
  message: string,
  base: Omit<ActivitySignal, 'activity' | 'detail'>,
): ActivitySignal {
  const what = message.trim() || error;
  if (NEEDS_A_PERSON.has(error)) {
    const fix = FIXES[error];
    return {
      ...base,
      activity: 'blocked',
      detail: `the API refused the turn: ${what}${fix ? `. Fix: ${fix}` : ''}`,
    };
  }
  return { ...base, activity: 'idle', detail: `turn failed: ${what}` };
}
