import type { Db } from '../../db/connection';
import * as q from '../../db/queries/categories';
import type { Category, Rounding } from '../contract/catalog-types';
import { fail } from '../errors';

/** The markup and rounding that apply to a category: its own, else the nearest ancestor's. */
export function effectiveRule(chain: Pick<q.CategoryRow, 'markupBp' | 'rounding'>[]): { markupBp: number | null; rounding: Rounding } {
  return {
    markupBp: chain.find((c) => c.markupBp !== null)?.markupBp ?? null,
    rounding: chain.find((c) => c.rounding !== null)?.rounding ?? 'none',
  };
}

/** Every category, with the rule each one inherits worked out from the tree in memory. */
export function categoryTree(db: Db): Category[] {
  const rows = q.listCategories(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const chainOf = (r: (typeof rows)[number]) => {
    const chain = [r];
    for (let p = r.parentId; p !== null && chain.length < 100; p = byId.get(p)?.parentId ?? null) chain.push(byId.get(p)!);
    return chain;
  };
  return rows.map((r) => {
    const rule = effectiveRule(chainOf(r));
    return { ...r, effectiveMarkupBp: rule.markupBp, effectiveRounding: rule.rounding };
  });
}

export function categoryOut(db: Db, id: number): Category {
  return categoryTree(db).find((c) => c.id === id) ?? fail('not_found', `category ${id} does not exist`);
}

/** A parent must exist and must not be the category itself or below it (a loop would hide its products). */
export function checkParent(db: Db, id: number | undefined, parentId: number | null): void {
  if (parentId === null) return;
  const chain = q.ancestry(db, parentId);
  if (chain.length === 0) fail('not_found', `category ${parentId} does not exist`);
  if (id !== undefined && chain.some((c) => c.id === id))
    fail('validation', `category ${id} cannot be put under itself or its own subcategory`);
}
