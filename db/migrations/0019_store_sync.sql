CREATE TABLE `reservations` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`product_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`qty` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` text NOT NULL,
	`closed_at` text,
	FOREIGN KEY (`order_id`) REFERENCES `store_orders`(`order_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reservations_qty_positive" CHECK("reservations"."qty" > 0)
);
--> statement-breakpoint
CREATE INDEX `reservations_active_idx` ON `reservations` (`product_id`,`location_id`) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX `reservations_order_idx` ON `reservations` (`order_id`);--> statement-breakpoint
CREATE TABLE `store_links` (
	`product_id` integer PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`stock_item_id` text,
	`matched_by` text NOT NULL,
	`linked_at` text NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `store_links_item_idx` ON `store_links` (`item_id`);--> statement-breakpoint
CREATE TABLE `store_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`direction` text NOT NULL,
	`kind` text NOT NULL,
	`ok` integer NOT NULL,
	`summary` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `store_log_at_idx` ON `store_log` (`at`);--> statement-breakpoint
CREATE TABLE `store_order_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`store_line_id` text NOT NULL,
	`product_id` integer,
	`sku` text,
	`barcode` text,
	`qty` integer NOT NULL,
	`price` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `store_orders`(`order_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `store_order_lines_line_idx` ON `store_order_lines` (`order_id`,`store_line_id`);--> statement-breakpoint
CREATE TABLE `store_orders` (
	`order_id` text PRIMARY KEY NOT NULL,
	`display_id` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`email` text,
	`phone` text,
	`total` integer NOT NULL,
	`store_updated_at` text NOT NULL,
	`imported_at` text NOT NULL,
	`sale_id` integer
);
--> statement-breakpoint
CREATE INDEX `store_orders_status_idx` ON `store_orders` (`status`,`imported_at`);