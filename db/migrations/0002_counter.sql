CREATE TABLE `cart_lines` (
	`id` integer PRIMARY KEY NOT NULL,
	`cart_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	`qty` integer NOT NULL,
	`catalog_price` integer NOT NULL,
	`price` integer NOT NULL,
	`discount_bp` integer,
	`discount_amount` integer,
	`marking` text,
	`scan_code` text,
	FOREIGN KEY (`cart_id`) REFERENCES `carts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `cart_lines_cart_idx` ON `cart_lines` (`cart_id`);--> statement-breakpoint
CREATE TABLE `carts` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`customer_id` integer,
	`discount_bp` integer,
	`discount_amount` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `carts_one_open_idx` ON `carts` (`user_id`) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX `carts_location_status_idx` ON `carts` (`location_id`,`status`);--> statement-breakpoint
CREATE TABLE `cash_moves` (
	`id` integer PRIMARY KEY NOT NULL,
	`uuid` text NOT NULL,
	`request_hash` text NOT NULL,
	`shift_id` integer NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`reason` text NOT NULL,
	`user_id` integer NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`shift_id`) REFERENCES `shifts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cash_moves_uuid_unique` ON `cash_moves` (`uuid`);--> statement-breakpoint
CREATE INDEX `cash_moves_shift_idx` ON `cash_moves` (`shift_id`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` integer PRIMARY KEY NOT NULL,
	`phone` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_phone_unique` ON `customers` (`phone`);--> statement-breakpoint
CREATE TABLE `shifts` (
	`id` integer PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`location_id` integer NOT NULL,
	`opened_by` integer NOT NULL,
	`opened_at` text NOT NULL,
	`float` integer NOT NULL,
	`closed_at` text,
	`closed_by` integer,
	`counted_cash` integer,
	`z_report` text,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shifts_one_open_idx` ON `shifts` (`location_id`) WHERE closed_at IS NULL;--> statement-breakpoint
CREATE INDEX `shifts_location_idx` ON `shifts` (`location_id`,`id`);--> statement-breakpoint
ALTER TABLE `products` ADD `plu` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `products_plu_unique` ON `products` (`plu`);--> statement-breakpoint
ALTER TABLE `document_lines` ADD `catalog_price` integer;--> statement-breakpoint
ALTER TABLE `document_lines` ADD `discount` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `document_lines` ADD `marking` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `shift_id` integer REFERENCES shifts(id);--> statement-breakpoint
ALTER TABLE `documents` ADD `customer_id` integer REFERENCES customers(id);--> statement-breakpoint
ALTER TABLE `documents` ADD `rounding` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `documents_shift_idx` ON `documents` (`shift_id`);--> statement-breakpoint
CREATE INDEX `documents_customer_idx` ON `documents` (`customer_id`);