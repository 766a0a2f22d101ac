CREATE TABLE `supplier_articles` (
	`supplier_id` integer NOT NULL,
	`article` text NOT NULL,
	`product_id` integer NOT NULL,
	PRIMARY KEY(`supplier_id`, `article`),
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supplier_articles_product_idx` ON `supplier_articles` (`product_id`);--> statement-breakpoint
CREATE TABLE `suppliers` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`tax_id` text,
	`phone` text,
	`email` text,
	`contact` text,
	`address` text,
	`payment_terms_days` integer DEFAULT 0 NOT NULL,
	`note` text,
	`archived` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suppliers_name_unique` ON `suppliers` (`name`);--> statement-breakpoint
ALTER TABLE `categories` ADD `parent_id` integer REFERENCES categories(id);--> statement-breakpoint
ALTER TABLE `categories` ADD `markup_bp` integer;--> statement-breakpoint
ALTER TABLE `categories` ADD `rounding` text;--> statement-breakpoint
ALTER TABLE `categories` ADD `archived` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `categories_parent_idx` ON `categories` (`parent_id`);--> statement-breakpoint
ALTER TABLE `products` ADD `min_stock` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `max_stock` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `supplier_id` integer REFERENCES suppliers(id);--> statement-breakpoint
CREATE INDEX `products_category_name_idx` ON `products` (`category_id`,`name`);--> statement-breakpoint
CREATE INDEX `products_supplier_name_idx` ON `products` (`supplier_id`,`name`);--> statement-breakpoint
CREATE INDEX `products_price_idx` ON `products` (`price`);