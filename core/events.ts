import type { Session } from './auth/sessions';
import type { ApiEvent } from './contract/types';
import type { Permission } from './contract/permissions';

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

/** Who is listening: a signed-in session, and whether its screen runs on the counter PC itself. */
export interface EventViewer {
  session: Session;
  /** The counter PC (loopback, the desktop window): where the serial scanner and the cash drawer are. */
  counter: boolean;
}

const hasAny = (s: Session, perms: readonly Permission[]): boolean => perms.some((p) => s.permissions.has(p));

/**
 * Documents are seen through the sales list and documents (sale.view_all), on-hand and movements (stock.view), the
 * loss report (report.view) and the receipt search of returns (return.post); their number and type tell nothing
 * more than those screens do. Anyone else (say a custom catalog-only role) learns nothing of the shop's sales.
 */
const DOCUMENT_READERS: readonly Permission[] = ['sale.view_all', 'stock.view', 'report.view', 'return.post'];
/** The shift is the counter's: the till's shift panel (sale.post), cash in and out, the shift reports. */
const SHIFT_READERS: readonly Permission[] = ['sale.post', 'cash.move', 'report.view'];

/**
 * The one place that decides who receives each pushed event (the SSE stream, the api socket's page, the Electron
 * windows): an event goes only to a session that could read what it announces. The switch is exhaustive, so a new
 * event type cannot ship without an audience.
 */
export function eventVisibleTo(e: ApiEvent, viewer: EventViewer): boolean {
  const s = viewer.session;
  switch (e.type) {
    case 'doc.posted':
    case 'doc.cancelled':
      return hasAny(s, DOCUMENT_READERS);
    case 'catalog.changed':
      return s.permissions.has('catalog.view');
    // A cart is one cashier's: another user's screen has no business knowing when it changes.
    case 'cart.changed':
      return e.userId === s.userId;
    // An import's progress is for the screen of the one applying it.
    case 'pricelist.progress':
      return e.userId === s.userId;
    case 'shift.changed':
      return hasAny(s, SHIFT_READERS);
    // Only which count and which product changed: the figures are read through count.get, which hides a blind one's.
    case 'count.changed':
      return hasAny(s, ['count.scan', 'stock.count']);
    // The serial scanner is wired to the counter PC: its scans go to screens on that PC, not to every browser on the LAN.
    case 'scanner.scan':
      return viewer.counter;
    // Device status is shown to every signed-in user (printer.status and scanner.status are 'authenticated').
    case 'scanner.status':
    case 'printer.status':
      return true;
    // Says that sessions ended (the database went to recovery): every screen must re-check its own.
    case 'session.ended':
      return true;
  }
}
