-- The bookkeeper closes the month: last month's rent or a supplier's invoice paid late is entered on the day it was
-- paid, which is back-dating (doc.backdate). The bookkeeper posts only money documents (expenses, supplier payments),
-- so that is all the right reaches. A shop made before this version gets it on the built-in bookkeeper role.
UPDATE roles SET permissions = (
  SELECT json_group_array(value) FROM (
    SELECT value FROM json_each(roles.permissions)
    UNION ALL
    SELECT 'doc.backdate' WHERE 'doc.backdate' NOT IN (SELECT value FROM json_each(roles.permissions))
  )
)
WHERE id = 'bookkeeper';
