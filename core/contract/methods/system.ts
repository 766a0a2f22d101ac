import { returns, type DomainSpec } from '../method';
import * as s from '../schemas';
import type * as T from '../types';

/** System, settings, locations and the audit check. */
export const systemApi = {
  'system.info': { input: s.empty, output: returns<T.SystemInfo>(), access: 'public' },
  'settings.get': { input: s.empty, output: returns<T.Settings>(), access: 'authenticated' },
  'settings.set': { input: s.settingsSetInput, output: returns<T.Settings>(), access: 'settings.edit' },
  'locations.list': { input: s.empty, output: returns<T.Location[]>(), access: 'authenticated' },
  'audit.verify': { input: s.empty, output: returns<T.AuditVerifyResult>(), access: 'audit.view' },
} as const satisfies DomainSpec;
