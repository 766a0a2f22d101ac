CREATE TABLE `purchase_order_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`product_id` integer NOT NULL,
	`qty` integer NOT NULL,
	`unit_cost` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `purchase_orders`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_order_lines_product_idx` ON `purchase_order_lines` (`order_id`,`product_id`);--> statement-breakpoint
CREATE TABLE `purchase_orders` (
	`id` integer PRIMARY KEY NOT NULL,
	`uuid` text NOT NULL,
	`number` text NOT NULL,
	`supplier_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`expected_date` text,
	`note` text,
	`state` text NOT NULL,
	`author_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`sent_at` text,
	`closed_at` text,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_orders_uuid_unique` ON `purchase_orders` (`uuid`);--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_orders_number_unique` ON `purchase_orders` (`number`);--> statement-breakpoint
CREATE INDEX `purchase_orders_supplier_idx` ON `purchase_orders` (`supplier_id`,`id`);--> statement-breakpoint
CREATE INDEX `purchase_orders_state_idx` ON `purchase_orders` (`state`,`id`);--> statement-breakpoint
CREATE TABLE `supplier_documents` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`supplier_id` integer NOT NULL,
	`invoice_no` text,
	`invoice_date` text,
	`purchase_order_id` integer,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`purchase_order_id`) REFERENCES `purchase_orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supplier_documents_order_idx` ON `supplier_documents` (`purchase_order_id`);--> statement-breakpoint
CREATE INDEX `supplier_documents_supplier_idx` ON `supplier_documents` (`supplier_id`);--> statement-breakpoint
-- The supplier's side of a posted document is part of the ledger: never changed, never deleted.
CREATE TRIGGER `supplier_documents_no_update` BEFORE UPDATE ON `supplier_documents`
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: supplier_documents cannot be updated'); END;--> statement-breakpoint
CREATE TRIGGER `supplier_documents_no_delete` BEFORE DELETE ON `supplier_documents`
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: supplier_documents cannot be deleted'); END;--> statement-breakpoint
-- Ordering from suppliers gets a right of its own. Whoever receives goods may order them, so the upgrade takes no
-- work away from anyone; the owner then narrows what they wish.
UPDATE roles SET permissions = (
  SELECT json_group_array(value) FROM (
    SELECT value FROM json_each(roles.permissions)
    UNION ALL
    SELECT value FROM json_each('["purchase.manage"]')
      WHERE value NOT IN (SELECT value FROM json_each(roles.permissions))
  )
)
WHERE EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'stock.receive');
