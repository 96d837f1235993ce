import type { NeedReason } from '@ao/shared/needs-you';
import { taskLabel } from './board';
import type { NewNeed } from './need-watch';

/** Browser notifications for what starts to need the human, only after the user allowed them with the button. */
export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

export function notificationPermission(): NotificationPermission | 'unsupported' {
  return notificationsSupported() ? Notification.permission : 'unsupported';
}

export async function requestNotifications(): Promise<NotificationPermission | 'unsupported'> {
  if (!notificationsSupported()) return 'unsupported';
  return Notification.requestPermission();
}

const WHY: Record<NeedReason, string> = {
  escalated: 'a reaction ran out of budget',
  permission: 'waits for a permission past its grace time',
  review: 'PR ready for your review',
};

/** One notification for something that started to need the human; a click opens it on the dashboard. */
export function notifyNeed(need: NewNeed): void {
  if (notificationPermission() !== 'granted') return;
  const n =
    need.kind === 'escalation'
      ? new Notification(`ao: ${need.escalation.sessionId ?? 'the fleet'} asks for a decision`, {
          body: `${need.escalation.summary}\nRecommended: ${need.escalation.recommendation}`.slice(0, 300),
          tag: `ao-escalation-${need.escalation.id}`,
        })
      : new Notification(`${need.session.id} needs you`, {
          body: `${taskLabel(need.session)}\n${need.session.statusReason ?? WHY[need.reason]}`.slice(0, 300),
          tag: `ao-need-${need.session.id}`,
        });
  const id = need.kind === 'escalation' ? need.escalation.sessionId : need.session.id;
  n.onclick = () => {
    window.focus();
    window.location.href = id ? `/session/?id=${encodeURIComponent(id)}` : '/';
  };
}
