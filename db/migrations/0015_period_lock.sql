-- Locking a closed period is the bookkeeper's right and the owner's (the owner holds every right); a shop made
-- before this version gets it on those two built-in roles. The locked-through date itself is a setting, absent
-- until the first lock.
UPDATE roles SET permissions = (
  SELECT json_group_array(value) FROM (
    SELECT value FROM json_each(roles.permissions)
    UNION ALL
    SELECT 'period.lock' WHERE 'period.lock' NOT IN (SELECT value FROM json_each(roles.permissions))
  )
)
WHERE id IN ('owner', 'bookkeeper');
