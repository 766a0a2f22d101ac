import { redirect } from '@tanstack/react-router';
import type { ScreenId } from '../layout/screens';

export interface RouterContext {
  /** The screens the signed-in user may open, in header order. */
  allowed: ScreenId[];
}

/** A screen's path: its id, except where the screen is one step of a wider area (`/pricelists/import`). */
export const screenPath = (id: ScreenId) => (id === 'pricelists' ? ('/pricelists/import' as const) : (`/${id}` as const));

/** A screen the user may not open sends them to their first allowed one (the server refuses its calls anyway). */
export function allow(id: ScreenId) {
  return ({ context }: { context: RouterContext }) => {
    if (context.allowed.includes(id)) return;
    const first = context.allowed[0];
    throw redirect({ to: first ? screenPath(first) : '/', replace: true });
  };
}

/**
 * Links from before the router were `#sale`, `#stock`…; hash history reads `#/sale`. Rewritten once before the router
 * starts so bookmarks and the old e2e URLs still land on their screen.
 */
export function upgradeLegacyHash(): void {
  const m = /^#([a-z]+)$/.exec(location.hash);
  if (m) history.replaceState(history.state, '', `${location.pathname}${location.search}#/${m[1]}`);
}
