// The owner's list of extra LAN names for browser mode (lanHostNames): validated as host names in the core and on
// the settings screen, stored lower-case, audited like every setting.
import { afterEach, describe, expect, it } from 'vitest';
import { check, fromSettings, lanHostList } from '../renderer/src/screens/admin/settingsForm';
import { auditCount, auditSince } from './db-dump';
import { as, testCore, unwrap } from './helpers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

describe('LAN names in the settings', () => {
  it('the owner sets names; each must be a host name; they come back lower-case and the change is audited', async () => {
    const core = testCore({ demo: true });
    cleanup = core.cleanup;
    const owner = await as(core, 'owner');
    expect(unwrap(await owner('settings.get', {})).lanHostNames).toEqual([]);
    const audited = auditCount(core.db);
    const saved = unwrap(await owner('settings.set', { lanHostNames: ['Till.Local', 'shop-pc.lan', '192.168.1.20'] }));
    expect(saved.lanHostNames).toEqual(['till.local', 'shop-pc.lan', '192.168.1.20']);
    expect(auditSince(core.db, audited).map((a) => a.action)).toEqual(['settings.set']);

    for (const bad of ['evil.example/x', 'a b', 'host:8080', '-till.local', 'till..local', '', 'x'.repeat(64) + '.local', '[::1]']) {
      const r = await owner('settings.set', { lanHostNames: [bad] });
      expect(r.ok || r.error.code, bad).toBe('validation');
    }
    expect(unwrap(await owner('settings.get', {})).lanHostNames).toEqual(['till.local', 'shop-pc.lan', '192.168.1.20']);
    // Only those who may change settings.
    const cashier = await as(core, 'cashier');
    expect((await cashier('settings.set', { lanHostNames: ['x.local'] })).ok).toBe(false);
  });

  it('the settings screen reads them, checks them as typed and sends them with the rest', async () => {
    const core = testCore({ demo: true });
    cleanup = core.cleanup;
    const owner = await as(core, 'owner');
    const settings = unwrap(await owner('settings.set', { lanHostNames: ['till.local', 'back.lan'] }));
    const money = (minor: number) => String(minor / 100);
    const parseMoney = (text: string) => (/^\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * 100) : null);
    const form = fromSettings(settings, money);
    expect(form.lanHosts).toBe('till.local, back.lan');
    expect(lanHostList(' Till.local,back.lan;  new.lan  till.local ')).toEqual(['till.local', 'back.lan', 'new.lan']);

    const ok = check({ ...form, lanHosts: 'till.local new.lan' }, parseMoney);
    expect(ok.lanHosts).toBeNull();
    expect(ok.input?.lanHostNames).toEqual(['till.local', 'new.lan']);
    // What the form accepts the core accepts.
    expect(unwrap(await owner('settings.set', ok.input!)).lanHostNames).toEqual(['till.local', 'new.lan']);

    const bad = check({ ...form, lanHosts: 'till.local, evil.example/x' }, parseMoney);
    expect(bad.lanHosts).toBe('admin.settings.lanHostsInvalid');
    expect(bad.input).toBeNull();
    expect(check({ ...form, lanHosts: '' }, parseMoney).input?.lanHostNames).toEqual([]);
  });
});
