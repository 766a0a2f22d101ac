CREATE TABLE `supplier_pricelist_settings` (
	`supplier_id` integer PRIMARY KEY NOT NULL,
	`mapping` text NOT NULL,
	`sheet` text,
	`header_row` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action
);
