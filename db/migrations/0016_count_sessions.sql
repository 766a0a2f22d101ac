CREATE TABLE `count_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`session_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`counted_qty` integer NOT NULL,
	`book_qty` integer NOT NULL,
	`book_position` integer NOT NULL,
	`counted_by` integer NOT NULL,
	`counted_at` text NOT NULL,
	`device` text NOT NULL,
	`updated_by` integer NOT NULL,
	`updated_at` text NOT NULL,
	`scans` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `count_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`counted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `count_lines_session_product_idx` ON `count_lines` (`session_id`,`product_id`);--> statement-breakpoint
CREATE INDEX `count_lines_updated_idx` ON `count_lines` (`session_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `count_sessions` (
	`id` integer PRIMARY KEY NOT NULL,
	`uuid` text NOT NULL,
	`location_id` integer NOT NULL,
	`scope` text NOT NULL,
	`category_id` integer,
	`supplier_id` integer,
	`mode` text NOT NULL,
	`blind` integer DEFAULT false NOT NULL,
	`status` text NOT NULL,
	`expected_items` integer NOT NULL,
	`note` text,
	`author_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`closed_at` text,
	`document_id` integer,
	`items_counted` integer,
	`items_matched` integer,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `count_sessions_uuid_unique` ON `count_sessions` (`uuid`);--> statement-breakpoint
CREATE INDEX `count_sessions_status_idx` ON `count_sessions` (`status`,`id`);--> statement-breakpoint
-- Counting gets rights of its own: whoever sells or counts may scan into a count (the till's staff help count);
-- whoever posts counts sees the expected figures of a blind one. Nobody loses a right; the owner narrows the rest.
UPDATE roles SET permissions = (
  SELECT json_group_array(value) FROM (
    SELECT value FROM json_each(roles.permissions)
    UNION ALL
    SELECT 'count.scan' WHERE 'count.scan' NOT IN (SELECT value FROM json_each(roles.permissions))
  )
)
WHERE EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value IN ('sale.post', 'stock.count'));
--> statement-breakpoint
UPDATE roles SET permissions = (
  SELECT json_group_array(value) FROM (
    SELECT value FROM json_each(roles.permissions)
    UNION ALL
    SELECT 'count.view_expected' WHERE 'count.view_expected' NOT IN (SELECT value FROM json_each(roles.permissions))
  )
)
WHERE EXISTS (SELECT 1 FROM json_each(roles.permissions) WHERE value = 'stock.count');
