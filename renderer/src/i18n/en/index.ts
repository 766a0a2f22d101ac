import { admin } from './admin';
import { common } from './common';
import { counter } from './counter';
import { pricelists } from './pricelists';

/**
 * One resource object per language, built from files split by domain (the same file names under en/ and ru/). The
 * domains own disjoint top-level keys, so a plain spread composes them; nothing is merged at run time.
 */
export const en = { ...common, ...counter, ...admin, ...pricelists };

/** A top-level key in two domains would be silently overwritten by the spread: it fails typecheck here instead. */
type Shared =
  | (keyof typeof common & keyof typeof counter)
  | (keyof typeof common & keyof typeof admin)
  | (keyof typeof counter & keyof typeof admin)
  | (keyof typeof pricelists & (keyof typeof common | keyof typeof counter | keyof typeof admin));
export const disjointDomains: [Shared] extends [never] ? true : { shared: Shared } = true;
