/** The contract grows by domain: each method is declared once, in one domain's file, with an input, output and access. */
import { describe, expect, it } from 'vitest';
import { API_DOMAINS, apiSpec, type Method } from '../core/contract/api';
import { DOC_KIND_PERMISSION, PERMISSIONS } from '../core/contract/permissions';
import { handlers } from '../core/handlers';

describe('the API contract', () => {
  it('no method is declared in two domains (a spread would silently keep the last)', () => {
    const seen = new Map<string, string>();
    for (const [domain, methods] of Object.entries(API_DOMAINS))
      for (const m of Object.keys(methods)) {
        expect(seen.get(m), `${m} in ${domain}`).toBeUndefined();
        seen.set(m, domain);
      }
    expect([...seen.keys()].sort()).toEqual(Object.keys(apiSpec).sort());
  });

  it('every method has a handler and names a known access level', () => {
    const levels = new Set<string>([...PERMISSIONS, 'public', 'authenticated', 'by-kind']);
    for (const m of Object.keys(apiSpec) as Method[]) {
      expect(typeof handlers[m], m).toBe('function');
      expect(levels.has(apiSpec[m].access), `${m}: ${apiSpec[m].access}`).toBe(true);
    }
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(apiSpec).sort());
  });

  it('every kind of document needs a permission that exists', () => {
    for (const [kind, p] of Object.entries(DOC_KIND_PERMISSION)) expect(PERMISSIONS, kind).toContain(p);
  });
});
