'use client';
import type { MessageState as State } from '@ao/shared/session';
import { deliveryView } from '../lib/messages';
import { Chip } from './ui';

/** A message's state as a chip (queued, delivered, dropped, ...), its meaning in the tooltip. */
export function MessageState({ state, detail = null }: { state: State; detail?: string | null }) {
  const view = deliveryView(state, detail);
  return (
    <span data-testid="message-state">
      <Chip tone={view.tone} title={view.text}>
        {view.label}
      </Chip>
    </span>
  );
}
