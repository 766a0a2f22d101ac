import { admin } from './admin';
import { common } from './common';
import { counter } from './counter';

/**
 * One resource object per language, built from files split by domain (the same file names under en/ and ru/). The
 * domains own disjoint top-level keys, so a plain spread composes them; nothing is merged at run time.
 */
export const en = { ...common, ...counter, ...admin };
