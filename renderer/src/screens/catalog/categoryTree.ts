// The category tree as the pickers show it: each category under its parent, indented by depth, siblings by name.
import type { ApiOutput } from '../../api/types';

export type Category = ApiOutput<'category.list'>[number];

export interface TreeNode {
  category: Category;
  depth: number;
}

/** Depth-first order; a category whose parent is missing (archived away) shows at the top level rather than vanishing. */
export function flattenTree(categories: readonly Category[]): TreeNode[] {
  const ids = new Set(categories.map((c) => c.id));
  const children = new Map<number | null, Category[]>();
  for (const c of categories) {
    const parent = c.parentId !== null && ids.has(c.parentId) ? c.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const out: TreeNode[] = [];
  const walk = (parent: number | null, depth: number, seen: Set<number>) => {
    for (const c of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push({ category: c, depth });
      walk(c.id, depth + 1, seen);
    }
  };
  walk(null, 0, new Set());
  return out;
}

/** Options for a select: the name indented by em spaces (a native select has no tree, and reads them as they are). */
export function categoryOptions(categories: readonly Category[], exclude?: number): { value: string; label: string }[] {
  const nodes = flattenTree(categories);
  // A category cannot move under itself or its own children.
  const skip = new Set<number>();
  if (exclude !== undefined)
    for (const n of nodes)
      if (n.category.id === exclude || (n.category.parentId !== null && skip.has(n.category.parentId))) skip.add(n.category.id);
  return nodes
    .filter((n) => !skip.has(n.category.id))
    .map((n) => ({ value: String(n.category.id), label: `${'\u2003'.repeat(n.depth)}${n.category.name}` }));
}
