import { eventTypes } from '@ao/shared/events';

/** The event stream opened by `earlyFeedScript`, with the messages that arrived before the app took it over. */
export interface EarlyFeed {
  es: EventSource;
  buf: MessageEvent[];
  sink: ((m: MessageEvent) => void) | null;
}

/**
 * Runs in <head>, before the app's scripts are even downloaded: opens the event stream at once and keeps what it
 * receives, so the snapshot is usually there when the app starts instead of being asked for only then (on a busy
 * machine the scripts take most of the first second). The app adopts it (`takeEarlyFeed`); without a login the
 * stream is refused and the app goes its usual way.
 */
export const earlyFeedScript = `(function(){try{if(!window.EventSource)return;var es=new EventSource('/api/events');var f={es:es,buf:[],sink:null};var on=function(m){if(f.sink)f.sink(m);else f.buf.push(m)};${JSON.stringify(['snapshot', ...eventTypes])}.forEach(function(t){es.addEventListener(t,on)});es.onmessage=on;window.__aoEarlyFeed=f;}catch(e){}})();`;

/** The early stream, once (null when there is none, or it was already refused or closed). */
export function takeEarlyFeed(): EarlyFeed | null {
  if (typeof window === 'undefined') return null;
  const w = window as unknown as { __aoEarlyFeed?: EarlyFeed };
  const f = w.__aoEarlyFeed ?? null;
  delete w.__aoEarlyFeed;
  if (!f || f.es.readyState === EventSource.CLOSED) {
    f?.es.close();
    return null;
  }
  return f;
}
