CREATE TABLE `draft_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`draft_id` integer NOT NULL,
	`line_no` integer NOT NULL,
	`product_id` integer NOT NULL,
	`qty` integer NOT NULL,
	`unit_cost` integer,
	FOREIGN KEY (`draft_id`) REFERENCES `drafts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `draft_lines_draft_idx` ON `draft_lines` (`draft_id`,`line_no`);--> statement-breakpoint
CREATE TABLE `drafts` (
	`id` integer PRIMARY KEY NOT NULL,
	`uuid` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`location_id` integer NOT NULL,
	`to_location_id` integer,
	`business_date` text,
	`note` text,
	`extra` text NOT NULL,
	`author_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`document_id` integer,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drafts_uuid_unique` ON `drafts` (`uuid`);--> statement-breakpoint
CREATE INDEX `drafts_status_type_idx` ON `drafts` (`status`,`type`,`id`);--> statement-breakpoint
DROP INDEX `movements_product_location_idx`;--> statement-breakpoint
ALTER TABLE `stock_movements` ADD `business_date` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `movements_product_location_date_idx` ON `stock_movements` (`product_id`,`location_id`,`business_date`);--> statement-breakpoint
CREATE INDEX `movements_business_date_idx` ON `stock_movements` (`business_date`,`product_id`,`location_id`,`qty_delta`,`value_delta`);--> statement-breakpoint
ALTER TABLE `documents` ADD `business_date` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `documents_business_date_idx` ON `documents` (`business_date`);--> statement-breakpoint
CREATE INDEX `documents_type_business_date_idx` ON `documents` (`type`,`business_date`);