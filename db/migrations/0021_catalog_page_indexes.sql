CREATE INDEX `products_active_name_idx` ON `products` (`active`,`name`);--> statement-breakpoint
CREATE INDEX `products_active_price_idx` ON `products` (`active`,`price`);--> statement-breakpoint
CREATE INDEX `products_active_sku_idx` ON `products` (`active`,`sku`);--> statement-breakpoint
CREATE INDEX `products_category_active_name_idx` ON `products` (`category_id`,`active`,`name`);--> statement-breakpoint
CREATE INDEX `products_category_active_price_idx` ON `products` (`category_id`,`active`,`price`);--> statement-breakpoint
CREATE INDEX `products_category_active_sku_idx` ON `products` (`category_id`,`active`,`sku`);