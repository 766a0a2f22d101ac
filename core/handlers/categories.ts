import { inTransaction } from '../../db/connection';
import { appendAudit } from '../../db/queries/audit';
import * as q from '../../db/queries/categories';
import { actorOf, keep, type DomainHandlers } from '../api/handler';
import { categoryOut, categoryTree, checkParent } from '../catalog/categories';
import type { categoriesApi } from '../contract/methods/categories';
import { fail } from '../errors';

export const categoryHandlers: DomainHandlers<typeof categoriesApi> = {
  'category.list': (svc) => categoryTree(svc.db),

  'category.upsert': (svc, ctx, input) => {
    const r = inTransaction(svc.db, () => {
      const before =
        input.id !== undefined ? (q.getCategory(svc.db, input.id) ?? fail('not_found', `category ${input.id} does not exist`)) : undefined;
      // Not sent: as it was (a rename keeps the rule and the place in the tree); null is a value.
      const values: q.CategoryValues = {
        name: input.name,
        parentId: keep(input.parentId, before?.parentId ?? null),
        markupBp: keep(input.markupBp, before?.markupBp ?? null),
        rounding: keep(input.rounding, before?.rounding ?? null),
        archived: input.archived ?? before?.archived ?? false,
      };
      const named = q.categoryByName(svc.db, values.name);
      if (named && named.id !== before?.id) fail('duplicate', `a category named ${values.name} already exists`);
      checkParent(svc.db, before?.id, values.parentId ?? null);
      const id = before ? before.id : q.insertCategory(svc.db, values);
      if (before) q.updateCategory(svc.db, id, values);
      appendAudit(svc.db, {
        userId: actorOf(ctx).userId,
        action: before ? 'category.update' : 'category.create',
        entity: 'category',
        entityId: id,
        data: before ? { from: before, to: values } : values,
      });
      return categoryOut(svc.db, id);
    });
    svc.events.emit({ type: 'catalog.changed', productId: null });
    return r;
  },
};
