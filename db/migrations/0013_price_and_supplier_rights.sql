-- Prices and suppliers get rights of their own. Whoever could edit the catalog could change prices and will manage
-- suppliers, so the upgrade takes no power away; the owner then narrows what they wish.
UPDATE roles SET permissions = (
  SELECT json_group_array(value) FROM (
    SELECT value FROM json_each(roles.permissions)
    UNION ALL
    SELECT value FROM json_each('["price.edit","suppliers.manage"]')
      WHERE value NOT IN (SELECT value FROM json_each(roles.permissions))
  )
)
WHERE EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'catalog.edit');
