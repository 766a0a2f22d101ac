import { ESLint } from 'eslint';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** Lints source text as if it were the file at rel (the file need not exist). */
async function ruleIds(rel: string, code: string): Promise<string[]> {
  const [res] = await eslint.lintText(code, { filePath: path.join(ROOT, rel) });
  return (res?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

const restricted = (ids: string[]) => ids.filter((id) => id.endsWith('no-restricted-imports'));

describe('layer boundaries', () => {
  it('a renderer file importing from db/ fails lint', async () => {
    const ids = await ruleIds('renderer/src/bad.ts', "import { products } from '../../db/schema';\nexport const x = products;\n");
    expect(restricted(ids).length).toBeGreaterThanOrEqual(1);
  });

  it('even a type-only import from db/ is refused in the renderer', async () => {
    const ids = await ruleIds(
      'renderer/src/bad5.ts',
      "import type { ProductRow } from '../../db/queries/products';\nexport type P = ProductRow;\n",
    );
    expect(restricted(ids).length).toBeGreaterThanOrEqual(1);
  });

  it('a renderer file may import the contract: its types and its schema values', async () => {
    expect(
      restricted(await ruleIds('renderer/src/ok.ts', "import type { Method } from '../../core/contract/api';\nexport type M = Method;\n")),
    ).toHaveLength(0);
    expect(
      restricted(
        await ruleIds(
          'renderer/src/ok3.ts',
          "import { userUpsertInput } from '../../core/contract/schemas';\nexport const s = userUpsertInput;\n",
        ),
      ),
    ).toHaveLength(0);
    expect(
      restricted(
        await ruleIds(
          'renderer/src/screens/admin/ok4.ts',
          "import { withCheckDigit } from '../../../../core/contract/gtin';\nexport const w = withCheckDigit;\n",
        ),
      ),
    ).toHaveLength(0);
  });

  it('the renderer reaches no other part of core/, even through a name that starts like the contract', async () => {
    expect(
      restricted(
        await ruleIds('renderer/src/bad6.ts', "import { withCheckDigit } from '../../core/barcode';\nexport const w = withCheckDigit;\n"),
      ).length,
    ).toBeGreaterThanOrEqual(1);
    expect(
      restricted(await ruleIds('renderer/src/bad7.ts', "import { x } from '../../core/contractish';\nexport const y = x;\n")).length,
    ).toBeGreaterThanOrEqual(1);
    expect(
      restricted(await ruleIds('renderer/src/bad8.ts', "import { x } from '../../db/contract/x';\nexport const y = x;\n")).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('the renderer cannot reach Node or the core', async () => {
    expect(
      restricted(await ruleIds('renderer/src/bad3.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).length,
    ).toBeGreaterThanOrEqual(1);
    expect(
      restricted(await ruleIds('renderer/src/bad4.ts', "import { createCore } from '../../core/app';\nexport const c = createCore;\n"))
        .length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('core never imports electron or the renderer', async () => {
    expect(
      restricted(await ruleIds('core/bad.ts', "import { app } from 'electron';\nexport const a = app;\n")).length,
    ).toBeGreaterThanOrEqual(1);
    expect(
      restricted(await ruleIds('core/bad2.ts', "import { x } from '../renderer/src/x';\nexport const y = x;\n")).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('db never imports core', async () => {
    expect(
      restricted(await ruleIds('db/queries/bad.ts', "import { fail } from '../../core/errors';\nexport const f = fail;\n")).length,
    ).toBeGreaterThanOrEqual(1);
  });

  it('a package whose name ends like a layer (@mantine/core) is not a layer', async () => {
    expect(
      restricted(await ruleIds('renderer/src/ok2.ts', "import { Button } from '@mantine/core';\nexport const B = Button;\n")),
    ).toHaveLength(0);
  });

  it('the same import outside a restricted layer is fine (the rule is about layers, not the text)', async () => {
    expect(restricted(await ruleIds('core/ok.ts', "import { products } from '../db/schema';\nexport const p = products;\n"))).toHaveLength(
      0,
    );
  });
});
