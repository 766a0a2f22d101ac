-- Paying suppliers (supplier_payment documents) is a right of its own: the owner's and the manager's (who hold
-- every right but the shop's keys) and the bookkeeper's, who settles with suppliers. A shop made before this
-- version gets it on those built-in roles. The document kind and the 'bank' payment method need no schema change.
UPDATE roles SET permissions = (
  SELECT json_group_array(value) FROM (
    SELECT value FROM json_each(roles.permissions)
    UNION ALL
    SELECT 'supplier.pay' WHERE 'supplier.pay' NOT IN (SELECT value FROM json_each(roles.permissions))
  )
)
WHERE id IN ('owner', 'manager', 'bookkeeper');
