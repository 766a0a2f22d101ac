import { returns, type DomainSpec } from '../method';
import * as s from '../schemas';
import type * as T from '../types';

/** Signing in and out. */
export const authApi = {
  'auth.users': { input: s.empty, output: returns<T.UserSummary[]>(), access: 'public' },
  'auth.login': { input: s.loginInput, output: returns<T.LoginResult>(), access: 'public' },
  'auth.loginPassword': { input: s.passwordLoginInput, output: returns<T.LoginResult>(), access: 'public' },
  'auth.logout': { input: s.empty, output: returns<null>(), access: 'authenticated' },
  'auth.me': { input: s.empty, output: returns<T.LoginResult>(), access: 'authenticated' },
} as const satisfies DomainSpec;
