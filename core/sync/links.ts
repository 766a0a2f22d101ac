/**
 * Which store item is which product: by SKU first, then by barcode, never by name. An item two products could be, or a
 * product two items could be, is ambiguous: listed for the owner and left unlinked, as is anything matched by nothing.
 */
import type { MatchKeys, StoreLink } from '../../db/queries/store';
import type { LinkProblem } from '../contract/store-types';
import type { StoreItem } from './connector';

export interface Matching {
  links: StoreLink[];
  problems: LinkProblem[];
}

export function matchItems(items: StoreItem[], products: MatchKeys[]): Matching {
  const bySku = new Map<string, number[]>();
  const byCode = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, id: number) => m.set(k, [...(m.get(k) ?? []), id]);
  for (const p of products) {
    if (p.archived) continue;
    add(bySku, p.sku, p.id);
    for (const c of p.barcodes) add(byCode, c, p.id);
  }
  const problems: LinkProblem[] = [];
  const proposed: StoreLink[] = [];
  for (const item of items) {
    const sku = item.sku ? bySku.get(item.sku) : undefined;
    const code = !sku?.length && item.barcode ? byCode.get(item.barcode) : undefined;
    const ids = [...new Set(sku?.length ? sku : (code ?? []))];
    const problem = (kind: LinkProblem['kind'], productIds: number[]) =>
      problems.push({ kind, itemId: item.itemId, title: item.title, sku: item.sku, barcode: item.barcode, productIds });
    if (ids.length === 0) problem('unmatched_item', []);
    else if (ids.length > 1) problem('ambiguous_item', ids);
    else
      proposed.push({ productId: ids[0]!, itemId: item.itemId, stockItemId: item.stockItemId, matchedBy: sku?.length ? 'sku' : 'barcode' });
  }
  const perProduct = new Map<number, StoreLink[]>();
  for (const l of proposed) perProduct.set(l.productId, [...(perProduct.get(l.productId) ?? []), l]);
  const links: StoreLink[] = [];
  for (const [productId, ls] of perProduct) {
    if (ls.length === 1) links.push(ls[0]!);
    else
      for (const l of ls) {
        const item = items.find((i) => i.itemId === l.itemId)!;
        problems.push({
          kind: 'product_matched_twice',
          itemId: l.itemId,
          title: item.title,
          sku: item.sku,
          barcode: item.barcode,
          productIds: [productId],
        });
      }
  }
  return { links, problems };
}
