import type { ApiEvent } from './contract/types';

export type Listener = (e: ApiEvent) => void;

/** Fan-out of committed changes to `api.on` subscribers (SSE clients, Electron windows). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  on(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit(e: ApiEvent): void {
    for (const l of this.listeners) l(e);
  }
}
