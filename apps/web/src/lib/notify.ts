import type { Session } from '@ao/shared/session';
import { taskLabel } from './board';

/** Browser notifications for sessions entering Review, only after the user allowed them with the button. */
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

export function notifyReview(s: Session): void {
  if (notificationPermission() !== 'granted') return;
  const why = s.evidence?.detail ?? s.statusReason ?? 'needs you';
  const n = new Notification(`${s.id} needs you`, {
    body: `${taskLabel(s)}\n${why}`,
    tag: `ao-review-${s.id}`,
  });
  n.onclick = () => {
    window.focus();
    window.location.href = `/session/?id=${encodeURIComponent(s.id)}`;
  };
}
