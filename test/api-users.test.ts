import { describe, expect, it } from 'vitest';
import { as, DEMO, testCore, unwrap } from './helpers';

describe('users', () => {
  it('the last owner cannot be demoted or deactivated; with a second owner it can', async () => {
    const core = testCore();
    const owner = await as(core, 'owner');
    const demote = await owner('users.upsert', { id: DEMO.owner.id, name: 'Anna (owner)', roleId: 'cashier' });
    expect(demote).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    const off = await owner('users.upsert', { id: DEMO.owner.id, name: 'Anna (owner)', roleId: 'owner', active: false });
    expect(off).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(unwrap(await owner('users.list', {})).find((u) => u.id === DEMO.owner.id)).toMatchObject({ role: 'owner', active: true });
    unwrap(await owner('users.upsert', { name: 'Second owner', roleId: 'owner', pin: '7777' }));
    expect((await owner('users.upsert', { id: DEMO.owner.id, name: 'Anna (owner)', roleId: 'manager' })).ok).toBe(true);
    core.cleanup();
  });

  it("a role change ends the user's open sessions", async () => {
    const core = testCore();
    const cashier = await as(core, 'cashier');
    expect((await cashier('auth.me', {})).ok).toBe(true);
    const owner = await as(core, 'owner');
    unwrap(await owner('users.upsert', { id: DEMO.cashier.id, name: 'Ivan (cashier)', roleId: 'bookkeeper' }));
    expect(await cashier('auth.me', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    core.cleanup();
  });
});
