ALTER TABLE `products` ADD `pack_qty` integer;--> statement-breakpoint
ALTER TABLE `suppliers` ADD `lead_time_days` integer;--> statement-breakpoint
ALTER TABLE `document_lines` ADD `reason` text;--> statement-breakpoint
ALTER TABLE `stock_movements` ADD `qty_after` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Each movement's balance after it, at its product and location, in posting order, for the rows written before there
-- was one. The ledger refuses UPDATEs, so its trigger is dropped around this one and recreated as 0001 made it.
DROP TRIGGER stock_movements_no_update;
--> statement-breakpoint
UPDATE stock_movements SET qty_after = w.after
FROM (SELECT id, SUM(qty_delta) OVER (PARTITION BY product_id, location_id ORDER BY id) AS after FROM stock_movements) AS w
WHERE w.id = stock_movements.id;
--> statement-breakpoint
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: stock_movements cannot be updated'); END;
--> statement-breakpoint
CREATE INDEX `movements_went_negative_idx` ON `stock_movements` (`id`) WHERE "stock_movements"."qty_after" < 0 AND "stock_movements"."qty_after" - "stock_movements"."qty_delta" >= 0;--> statement-breakpoint
CREATE INDEX `movements_product_idx` ON `stock_movements` (`product_id`,`id`);