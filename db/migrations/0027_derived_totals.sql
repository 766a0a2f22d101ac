CREATE TABLE `sales_product_days` (
	`product_id` integer NOT NULL,
	`business_date` text NOT NULL,
	`qty` integer NOT NULL,
	`net_revenue` integer NOT NULL,
	`discount` integer NOT NULL,
	`cost` integer NOT NULL,
	PRIMARY KEY(`product_id`, `business_date`)
);
--> statement-breakpoint
CREATE TABLE `stock_month_balances` (
	`month` text NOT NULL,
	`product_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`qty` integer NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`month`, `product_id`, `location_id`)
);
--> statement-breakpoint
CREATE TABLE `stock_months` (
	`month` text PRIMARY KEY NOT NULL,
	`built_through` integer DEFAULT 0 NOT NULL,
	`complete` integer DEFAULT 0 NOT NULL
);
