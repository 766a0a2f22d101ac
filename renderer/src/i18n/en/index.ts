import { admin } from './admin';
import { catalog } from './catalog';
import { common } from './common';
import { counter } from './counter';
import { reports } from './reports';
import { counts } from './counts';
import { stockdocs } from './stockdocs';
import { pricelists } from './pricelists';
import { sync } from './sync';
import { money } from './money';
import { orders } from './orders';

/**
 * One resource object per language, built from files split by domain (the same file names under en/ and ru/). The
 * domains own disjoint top-level keys, so a plain spread composes them; nothing is merged at run time.
 */
export const en = {
  ...common,
  ...counter,
  ...admin,
  ...catalog,
  ...reports,
  ...counts,
  ...stockdocs,
  ...pricelists,
  ...sync,
  ...money,
  ...orders,
};

/** A top-level key in two domains would be silently overwritten by the spread: it fails typecheck here instead. */
type Domains = {
  common: typeof common;
  counter: typeof counter;
  admin: typeof admin;
  catalog: typeof catalog;
  reports: typeof reports;
  counts: typeof counts;
  stockdocs: typeof stockdocs;
  pricelists: typeof pricelists;
  sync: typeof sync;
  money: typeof money;
  orders: typeof orders;
};
type Name = keyof Domains;
type Shared = { [N in Name]: { [M in Exclude<Name, N>]: keyof Domains[N] & keyof Domains[M] }[Exclude<Name, N>] }[Name];
export const disjointDomains: [Shared] extends [never] ? true : { shared: Shared } = true;
