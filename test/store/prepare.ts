// `npx tsx test/store/prepare.ts`: installs the test store's Medusa and builds its database snapshot ahead of the
// tests (.ci/run does, so `npm test` pays only for starting stores). Running the tests without it works too.
import { ensureMedusaInstalled } from './install';
import { ensureSnapshot } from './snapshot';

const installMs = await ensureMedusaInstalled();
const { builtMs } = await ensureSnapshot();
console.log(`test store ready: install ${installMs} ms, snapshot ${builtMs} ms (0 = cached)`);
