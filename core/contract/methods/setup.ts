import { returns, type DomainSpec } from '../method';
import * as s from '../schemas';
import type * as T from '../types';

/** First run: the demo shop or a real one. */
export const setupApi = {
  'setup.demo': { input: s.empty, output: returns<T.SystemInfo>(), access: 'public' },
  'setup.shop': { input: s.setupShopInput, output: returns<T.SystemInfo>(), access: 'public' },
} as const satisfies DomainSpec;
