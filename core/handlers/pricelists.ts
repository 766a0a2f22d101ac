import { inTransaction } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit, appendAudits } from '../../db/queries/audit';
import { getCategory } from '../../db/queries/categories';
import { priceListSettings, priceListStage, savePriceListSettings } from '../../db/queries/pricelists';
import { PRICE_TOPIC, queueForStore } from '../../db/queries/store';
import { getSupplier } from '../../db/queries/suppliers';
import { actorOf, type DomainHandlers, type Services } from '../api/handler';
import type { pricelistsApi } from '../contract/methods/pricelists';
import type { PriceListApplied, PriceListSheets } from '../contract/pricelist-types';
import { AppError, fail } from '../errors';
import { saveProduct } from '../catalog/products';
import type { NewCatalogProduct } from '../pricelists/catalog-plan';
import { FIGURES, SHOWN_CHANGES, type Plan, type PlanArgs, type Repricing } from '../pricelists/plan';
import { PUSH_BATCH } from '../sync/push';

/** What a dry run leaves for its apply: the plan and who it was for. */
interface Staged {
  supplierId: number;
  file: string;
  plan: Omit<Plan, 'bad'>;
  /** Where unmatched rows become products; null: they were skipped. */
  createIn: { categoryId: number | null; taxRateBp: number } | null;
}

/** What a catalog import's dry run leaves for its apply. */
interface StagedCatalog {
  creates: NewCatalogProduct[];
  taxRateBp: number;
  /** Rows the dry run listed as bad: created only if the apply says to skip them. */
  badRows: number;
}

/** Staged rows between two turns of the till. */
const STAGE_CHUNK = 5000;
/** Changes per audit entry: each entry lists its products' prices and costs before and after. */
const AUDIT_CHUNK = 1000;

const yieldToTill = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Every change of a price list in the audit chain, compactly: one entry per thousand changes, each listing product,
 * price before and after, cost before and after. One hashed entry per change cost a second of the writer at 100k.
 */
function auditRepricing(svc: Services, userId: number, batch: string, r: Repricing): void {
  const entries = [];
  for (let from = 0; from < r.productIds.length; from += AUDIT_CHUNK) {
    const changes: number[][] = [];
    for (let i = from; i < Math.min(r.productIds.length, from + AUDIT_CHUNK); i++) {
      const f = i * FIGURES;
      changes.push([r.productIds[i]!, r.figures[f]!, r.figures[f + 2]!, r.figures[f + 1]!, r.figures[f + 3]!]);
    }
    entries.push({
      userId,
      action: 'price.changes',
      entity: 'pricelist',
      entityId: batch,
      data: { columns: ['product', 'price.from', 'price.to', 'cost.from', 'cost.to'], changes },
    });
  }
  appendAudits(svc.db, entries);
}

/** A new product whose barcode, SKU or article was taken since the dry run fails the apply, naming its row. */
function stillFree(row: number, save: () => number): number {
  try {
    return save();
  } catch (err) {
    if (err instanceof AppError && err.code === 'duplicate')
      fail('invalid_state', `row ${row}: ${err.message} since the dry run; run the dry run again`);
    throw err;
  }
}

const supplierOf = (svc: Services, id: number) => getSupplier(svc.db, id) ?? fail('not_found', `supplier ${id} does not exist`);

/** The file's sheets and proposed columns; a kept mapping whose columns are not in this file (the layout changed) gives way to the proposal. */
async function lookAt(
  svc: Services,
  args: { file: string; sheet?: string; headerRow?: number },
  kept?: ReturnType<typeof priceListSettings>,
): Promise<PriceListSheets> {
  let r = kept
    ? await svc.reader.run('pricelist.peek', { ...args, sheet: args.sheet ?? kept.sheet ?? undefined, mapping: kept.mapping })
    : null;
  const fromKept = !!r?.ok;
  if (!r?.ok) r = await svc.reader.run('pricelist.peek', args);
  if (!r.ok) throw new AppError(r.code, r.message);
  const p = r.peek;
  return {
    fileKind: p.kind,
    sheets: p.sheets,
    sheet: p.sheet,
    headerRow: p.headerRow,
    columns: p.columns,
    mapping: p.mapping,
    sample: p.sample,
    kept: fromKept,
    encoding: p.encoding,
    delimiter: p.delimiter,
  };
}

export const priceListHandlers: DomainHandlers<typeof pricelistsApi> = {
  /** The file's sheets, its header and the columns proposed: the supplier's kept mapping first, when the header still has them. */
  'pricelist.sheets': async (svc, ctx, input) => {
    supplierOf(svc, input.supplierId);
    const { file } = svc.uploads.file(input.file, actorOf(ctx).userId);
    const kept = input.headerRow === undefined ? priceListSettings(svc.db, input.supplierId) : undefined;
    return lookAt(svc, { file, sheet: input.sheet, headerRow: input.headerRow }, kept);
  },

  /** A catalog import's file: its sheets, header and proposed columns, as for a price list with nothing kept. */
  'pricelist.catalogSheets': async (svc, ctx, input) => {
    const { file } = svc.uploads.file(input.file, actorOf(ctx).userId);
    return lookAt(svc, { file, sheet: input.sheet, headerRow: input.headerRow });
  },

  /** Reads, checks and matches the whole file in the reader worker; nothing is written. The token names exactly this plan. */
  'pricelist.dryRun': async (svc, ctx, input) => {
    const userId = actorOf(ctx).userId;
    supplierOf(svc, input.supplierId);
    if (input.unmatched.action === 'create') {
      if (!ctx.session!.permissions.has('catalog.edit')) fail('forbidden', 'creating products from a price list needs catalog.edit');
      const categoryId = input.unmatched.categoryId;
      if (categoryId !== null && !getCategory(svc.db, categoryId)) fail('not_found', `category ${categoryId} does not exist`);
    }
    const { file } = svc.uploads.file(input.file, userId);
    const args: PlanArgs = {
      file,
      supplierId: input.supplierId,
      sheet: input.sheet,
      headerRow: input.headerRow,
      mapping: input.mapping,
      retail: input.retail,
      unmatched: input.unmatched,
    };
    const r = await svc.reader.run('pricelist.plan', args);
    if (!r.ok) throw new AppError(r.code, r.message);
    const { bad, ...plan } = r.plan;
    const u = input.unmatched;
    const createIn = u.action === 'create' ? { categoryId: u.categoryId, taxRateBp: u.taxRateBp } : null;
    const staged: Staged = { supplierId: input.supplierId, file: input.file, plan, createIn };
    const token = svc.uploads.keepPreview(userId, staged);
    return { token, summary: plan.summary, bad, changes: plan.changes.slice(0, SHOWN_CHANGES) };
  },

  /**
   * Applies the dry run the token names, all or nothing: every price and cost must still be what the dry run saw,
   * every new product's barcode, SKU and article still free, or nothing is written. The changes are staged first, a
   * chunk at a time with the till served in between; the transaction then writes them with a few set statements.
   */
  'pricelist.apply': async (svc, ctx, input) => {
    const userId = actorOf(ctx).userId;
    const { supplierId, plan, createIn } = svc.uploads.takePreview<Staged>(input.token, userId);
    supplierOf(svc, supplierId);
    const { repricing, creates, links } = plan;
    const changed = repricing.productIds.length;
    const total = changed + creates.length + links.length;
    const progress = (done: number) => svc.events.emit({ type: 'pricelist.progress', userId, token: input.token, done, total });
    const batch = input.token.slice(0, 16);
    const keepMapping = ctx.session!.permissions.has('suppliers.manage');
    const stage = priceListStage(svc.db, `pricelist_${batch}`);
    try {
      let done = 0;
      progress(0);
      for (let from = 0; from < changed; from += STAGE_CHUNK) {
        const to = Math.min(changed, from + STAGE_CHUNK);
        stage.addPrices(repricing.rows, repricing.productIds, repricing.figures, from, to);
        progress((done += to - from));
        await yieldToTill();
      }
      for (let from = 0; from < links.length; from += STAGE_CHUNK) {
        const chunk = links.slice(from, from + STAGE_CHUNK);
        stage.addLinks(chunk);
        progress((done += chunk.length));
        await yieldToTill();
      }
      const actor = { userId, mayPrice: true };
      const result = inTransaction(svc.db, (): PriceListApplied => {
        const at = nowIso();
        const stale = stage.staleRow();
        if (stale !== undefined)
          fail('invalid_state', `row ${stale}: the product's price or cost changed since the dry run; run the dry run again`);
        if (stage.writePrices(at) !== changed) throw new Error('pricelist.apply: staged prices and written prices differ');
        for (const n of creates) {
          const product = {
            sku: n.sku,
            name: n.name,
            unit: n.unit,
            price: n.price,
            cost: n.cost,
            taxRateBp: createIn?.taxRateBp ?? 0,
            categoryId: createIn?.categoryId ?? null,
            supplierId,
            barcodes: n.barcode ? [n.barcode] : [],
            articles: n.article ? [{ supplierId, article: n.article }] : [],
          };
          stillFree(n.row, () => saveProduct(svc.db, actor, product, { batch, row: n.row }));
        }
        stage.writeLinks(supplierId);
        auditRepricing(svc, userId, batch, repricing);
        for (let i = 0; i < changed; i += PUSH_BATCH)
          queueForStore(svc.db, PRICE_TOPIC, [...repricing.productIds.subarray(i, i + PUSH_BATCH)]);
        if (keepMapping)
          savePriceListSettings(svc.db, supplierId, { mapping: plan.keptMapping, sheet: plan.sheet, headerRow: plan.headerRow }, at);
        appendAudit(svc.db, {
          userId,
          action: 'pricelist.apply',
          entity: 'supplier',
          entityId: supplierId,
          data: { batch, summary: plan.summary, changed, created: creates.length, linked: links.length },
        });
        return { changed, created: creates.length, linked: links.length };
      });
      progress(total);
      svc.events.emit({ type: 'catalog.changed', productId: null });
      return result;
    } finally {
      stage.drop();
    }
  },

  /** A catalog import's dry run: the file read and checked against the catalog in the reader worker; nothing is written. */
  'pricelist.catalogDryRun': async (svc, ctx, input) => {
    const userId = actorOf(ctx).userId;
    const { categoryId } = input;
    if (categoryId !== null && !getCategory(svc.db, categoryId)) fail('not_found', `category ${categoryId} does not exist`);
    const { file } = svc.uploads.file(input.file, userId);
    const args = { file, sheet: input.sheet, headerRow: input.headerRow, mapping: input.mapping, categoryId };
    const r = await svc.reader.run('catalog.importPlan', args);
    if (!r.ok) throw new AppError(r.code, r.message);
    const { bad, creates } = r.plan;
    const badRows = new Set(bad.map((b) => b.row)).size;
    const staged: StagedCatalog = { creates, taxRateBp: input.taxRateBp, badRows };
    const token = svc.uploads.keepPreview(userId, staged);
    const products = creates.slice(0, SHOWN_CHANGES).map(({ article: _a, ...p }) => p);
    return {
      token,
      summary: { rows: r.plan.rows, good: creates.length, bad: badRows, sections: r.plan.sections, empty: r.plan.empty },
      bad,
      products,
    };
  },

  /**
   * Creates every product of the dry run through the catalog's one create path, in one transaction: a row whose
   * barcode or SKU was taken since fails the whole import. A dry run with bad rows is applied only when the caller
   * says to skip them (the wizard asks after showing them); otherwise the file is fixed first.
   */
  'pricelist.catalogApply': (svc, ctx, input) => {
    const userId = actorOf(ctx).userId;
    const { creates, taxRateBp, badRows } = svc.uploads.takePreview<StagedCatalog>(input.token, userId);
    if (badRows > 0 && !input.skipBad)
      fail('invalid_state', 'the dry run listed bad rows: fix them in the file and run the dry run again, or skip them');
    const batch = input.token.slice(0, 16);
    const actor = { userId, mayPrice: ctx.session!.permissions.has('price.edit') };
    const created = inTransaction(svc.db, () => {
      for (const n of creates) {
        const product = {
          sku: n.sku,
          name: n.name,
          unit: n.unit,
          price: n.price,
          cost: n.cost,
          taxRateBp,
          categoryId: n.categoryId,
          barcodes: n.barcode ? [n.barcode] : [],
        };
        stillFree(n.row, () => saveProduct(svc.db, actor, product, { batch, row: n.row }));
      }
      appendAudit(svc.db, {
        userId,
        action: 'catalog.import',
        entity: 'catalog',
        entityId: batch,
        data: { created: creates.length, skipped: badRows },
      });
      return creates.length;
    });
    svc.events.emit({ type: 'catalog.changed', productId: null });
    return { created };
  },
};
