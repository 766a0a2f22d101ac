CREATE TABLE `expense_documents` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`category` text NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `expense_documents_category_idx` ON `expense_documents` (`category`);--> statement-breakpoint
CREATE TRIGGER `expense_documents_no_update` BEFORE UPDATE ON `expense_documents`
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: expense_documents cannot be updated'); END;--> statement-breakpoint
CREATE TRIGGER `expense_documents_no_delete` BEFORE DELETE ON `expense_documents`
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: expense_documents cannot be deleted'); END;--> statement-breakpoint
-- Posting expenses (expense documents: rent, wages, utilities, other) is a right of its own: the owner's and the
-- bookkeeper's, who keep the books (the manager posts the shop's documents, not its expenses). A shop made before
-- this version gets it on those built-in roles.
UPDATE roles SET permissions = (
  SELECT json_group_array(value) FROM (
    SELECT value FROM json_each(roles.permissions)
    UNION ALL
    SELECT 'expense.post' WHERE 'expense.post' NOT IN (SELECT value FROM json_each(roles.permissions))
  )
)
WHERE id IN ('owner', 'bookkeeper');
