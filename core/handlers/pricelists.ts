import { inTransaction } from '../../db/connection';
import { nowIso } from '../../db/prepared';
import { appendAudit, appendAudits } from '../../db/queries/audit';
import { getCategory } from '../../db/queries/categories';
import { priceListSettings, priceListWriter, savePriceListSettings } from '../../db/queries/pricelists';
import { getSupplier } from '../../db/queries/suppliers';
import { actorOf, type DomainHandlers, type Services } from '../api/handler';
import type { pricelistsApi } from '../contract/methods/pricelists';
import type { PriceListApplied } from '../contract/pricelist-types';
import { AppError, fail } from '../errors';
import type { Plan, PlanArgs } from '../pricelists/plan';

/** What a dry run leaves for its apply: the plan and who it was for. */
interface Staged {
  supplierId: number;
  file: string;
  plan: Omit<Plan, 'bad'>;
  /** Where unmatched rows become products; null: they were skipped. */
  createIn: { categoryId: number | null; taxRateBp: number } | null;
}

/** Changes shown with a dry run; the summary counts them all. */
const SHOWN_CHANGES = 500;
/** Rows written between two progress events. */
const PROGRESS_EVERY = 5000;

const supplierOf = (svc: Services, id: number) => getSupplier(svc.db, id) ?? fail('not_found', `supplier ${id} does not exist`);

export const priceListHandlers: DomainHandlers<typeof pricelistsApi> = {
  /** The file's sheets, its header and the columns proposed: the supplier's kept mapping first, when the header still has them. */
  'pricelist.sheets': async (svc, ctx, input) => {
    supplierOf(svc, input.supplierId);
    const { file } = svc.uploads.file(input.file, actorOf(ctx).userId);
    const kept = input.headerRow === undefined ? priceListSettings(svc.db, input.supplierId) : undefined;
    const args = { file, sheet: input.sheet, headerRow: input.headerRow };
    // A kept mapping whose columns are not in this file (the supplier changed the layout) gives way to the proposal.
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
   * Applies the dry run the token names, all or nothing, in one transaction: every price and cost must still be what
   * the dry run saw, every new product's barcode, SKU and article still free, or nothing is written.
   */
  'pricelist.apply': (svc, ctx, input) => {
    const userId = actorOf(ctx).userId;
    const { supplierId, plan, createIn } = svc.uploads.takePreview<Staged>(input.token, userId);
    supplierOf(svc, supplierId);
    const total = plan.changes.length + plan.creates.length + plan.links.length;
    const progress = (done: number) => svc.events.emit({ type: 'pricelist.progress', userId, token: input.token, done, total });
    const batch = input.token.slice(0, 16);
    const keepMapping = ctx.session!.permissions.has('suppliers.manage');
    progress(0);
    const result = inTransaction(svc.db, (): PriceListApplied => {
      const w = priceListWriter(svc.db);
      const at = nowIso();
      let done = 0;
      const step = () => {
        if (++done % PROGRESS_EVERY === 0) progress(done);
      };
      for (const c of plan.changes) {
        if (!w.reprice(c.productId, c.from, c.to, at))
          fail('invalid_state', `row ${c.row}: the product's price or cost changed since the dry run; run the dry run again`);
        step();
      }
      const created: { id: number; row: number; sku: string }[] = [];
      for (const n of plan.creates) {
        if (!w.free(n.barcode, n.sku, supplierId, n.article))
          fail(
            'invalid_state',
            `row ${n.row}: its barcode, SKU or article was given to a product since the dry run; run the dry run again`,
          );
        const id = w.create({ ...n, categoryId: createIn?.categoryId ?? null, taxRateBp: createIn?.taxRateBp ?? 0, supplierId });
        if (n.barcode) w.addBarcode(n.barcode, id);
        if (n.article) w.link(supplierId, n.article, id);
        created.push({ id, row: n.row, sku: n.sku });
        step();
      }
      for (const l of plan.links) {
        w.link(supplierId, l.article, l.productId);
        step();
      }
      appendAudits(
        svc.db,
        plan.changes.map((c) => ({
          userId,
          action: 'price.change',
          entity: 'product',
          entityId: c.productId,
          data: { from: c.from.price, to: c.to.price, cost: { from: c.from.cost, to: c.to.cost }, batch },
        })),
      );
      appendAudits(
        svc.db,
        created.map((c) => ({
          userId,
          action: 'product.create',
          entity: 'product',
          entityId: c.id,
          data: { sku: c.sku, row: c.row, batch },
        })),
      );
      if (keepMapping)
        savePriceListSettings(svc.db, supplierId, { mapping: plan.keptMapping, sheet: plan.sheet, headerRow: plan.headerRow }, at);
      appendAudit(svc.db, {
        userId,
        action: 'pricelist.apply',
        entity: 'supplier',
        entityId: supplierId,
        data: { batch, summary: plan.summary, changed: plan.changes.length, created: created.length, linked: plan.links.length },
      });
      return { changed: plan.changes.length, created: created.length, linked: plan.links.length };
    });
    progress(total);
    svc.events.emit({ type: 'catalog.changed', productId: null });
    return result;
  },
};
