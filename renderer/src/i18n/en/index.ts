import { admin } from './admin';
import { catalog } from './catalog';
import { common } from './common';
import { counter } from './counter';
import { reports } from './reports';
import { counts } from './counts';
import { stockdocs } from './stockdocs';
import { pricelists } from './pricelists';
import { sync } from './sync';
import { orders } from './orders';

/**
 * One resource object per language, built from files split by domain (the same file names under en/ and ru/). The
 * domains own disjoint top-level keys, so a plain spread composes them; nothing is merged at run time.
 */
export const en = { ...common, ...counter, ...admin, ...catalog, ...reports, ...counts, ...stockdocs, ...pricelists, ...sync, ...orders };

/** A top-level key in two domains would be silently overwritten by the spread: it fails typecheck here instead. */
type Keys<T> = keyof T;
type Shared =
  | (Keys<typeof common> & Keys<typeof counter>)
  | (Keys<typeof common> & Keys<typeof admin>)
  | (Keys<typeof counter> & Keys<typeof admin>)
  | (Keys<typeof catalog> & (Keys<typeof common> | Keys<typeof counter> | Keys<typeof admin>))
  | (Keys<typeof reports> & (Keys<typeof common> | Keys<typeof counter> | Keys<typeof admin> | Keys<typeof catalog>))
  | (Keys<typeof counts> & (Keys<typeof common> | Keys<typeof counter> | Keys<typeof admin> | Keys<typeof catalog> | Keys<typeof reports>))
  | (Keys<typeof stockdocs> &
      (Keys<typeof common> | Keys<typeof counter> | Keys<typeof admin> | Keys<typeof catalog> | Keys<typeof reports> | Keys<typeof counts>))
  | (Keys<typeof pricelists> &
      (
        | Keys<typeof common>
        | Keys<typeof counter>
        | Keys<typeof admin>
        | Keys<typeof catalog>
        | Keys<typeof reports>
        | Keys<typeof counts>
        | Keys<typeof stockdocs>
      ))
  | (Keys<typeof sync> &
      (
        | Keys<typeof common>
        | Keys<typeof counter>
        | Keys<typeof admin>
        | Keys<typeof catalog>
        | Keys<typeof reports>
        | Keys<typeof counts>
        | Keys<typeof stockdocs>
        | Keys<typeof pricelists>
      ))
  | (Keys<typeof orders> &
      (
        | Keys<typeof common>
        | Keys<typeof counter>
        | Keys<typeof admin>
        | Keys<typeof catalog>
        | Keys<typeof reports>
        | Keys<typeof counts>
        | Keys<typeof stockdocs>
        | Keys<typeof pricelists>
        | Keys<typeof sync>
      ));
export const disjointDomains: [Shared] extends [never] ? true : { shared: Shared } = true;
