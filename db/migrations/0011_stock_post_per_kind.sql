-- stock.post (one right for every stock document) becomes one right per kind: a role that could post stock
-- documents keeps every kind, so no one loses or gains power by the upgrade; the owner then narrows what they wish.
UPDATE roles SET permissions = (
  SELECT json_group_array(value) FROM (
    SELECT value FROM json_each(roles.permissions) WHERE value <> 'stock.post'
    UNION ALL
    SELECT value FROM json_each('["stock.receive","stock.writeoff","stock.transfer","stock.count"]')
      WHERE value NOT IN (SELECT value FROM json_each(roles.permissions))
  )
)
WHERE EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'stock.post');
