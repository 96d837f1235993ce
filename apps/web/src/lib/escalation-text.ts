import type { EscalationAction } from '@ao/shared/escalations';

/** What accepting an escalation carries out, in a few words (the message text is shown as it is: plain text). */
export function actionLabel(a: EscalationAction): string {
  switch (a.kind) {
    case 'merge':
      return `merge the PR of ${a.session}`;
    case 'rerun_checks':
      return `re-run the failed checks of ${a.session}`;
    case 'send_message':
      return `send ${a.session}: “${a.text}”`;
    case 'kill':
      return `stop ${a.session}`;
    case 'restore':
      return `restore ${a.session}`;
  }
}
