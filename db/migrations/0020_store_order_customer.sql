ALTER TABLE `store_orders` ADD `customer_id` integer REFERENCES customers(id);--> statement-breakpoint
ALTER TABLE `store_orders` ADD `paid` integer DEFAULT 0 NOT NULL;