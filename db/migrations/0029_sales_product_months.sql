-- Sales per product by day, day first, and by month. A report by product grouped a period's days by product: walking
-- the products and seeking each one's days cost a seek per product (~100 ms at 200k products). Day first, a period's
-- days are one range read in place; its whole months come from sales_product_months, so only its ragged ends are
-- read day by day. Both are WITHOUT ROWID (see 0028); the columns and keys are exactly as drizzle-kit's snapshot.
-- The trigger is dropped first: renaming the table would otherwise carry the trigger's reference along with it.
DROP TRIGGER sales_product_days_follow;
--> statement-breakpoint
ALTER TABLE `sales_product_days` RENAME TO `__old_sales_product_days`;
--> statement-breakpoint
CREATE TABLE `sales_product_days` (
	`product_id` integer NOT NULL,
	`business_date` text NOT NULL,
	`qty` integer NOT NULL,
	`net_revenue` integer NOT NULL,
	`discount` integer NOT NULL,
	`cost` integer NOT NULL,
	PRIMARY KEY(`business_date`, `product_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `sales_product_months` (
	`month` text NOT NULL,
	`product_id` integer NOT NULL,
	`qty` integer NOT NULL,
	`net_revenue` integer NOT NULL,
	`discount` integer NOT NULL,
	`cost` integer NOT NULL,
	PRIMARY KEY(`month`, `product_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO sales_product_days (product_id, business_date, qty, net_revenue, discount, cost)
SELECT product_id, business_date, qty, net_revenue, discount, cost FROM __old_sales_product_days ORDER BY business_date, product_id;
--> statement-breakpoint
INSERT INTO sales_product_months (month, product_id, qty, net_revenue, discount, cost)
SELECT substr(business_date, 1, 7), product_id, SUM(qty), SUM(net_revenue), SUM(discount), SUM(cost)
FROM __old_sales_product_days GROUP BY substr(business_date, 1, 7), product_id ORDER BY 1, 2;
--> statement-breakpoint
DROP TABLE `__old_sales_product_days`;
--> statement-breakpoint
-- A sale or return line adds to its product's day and month (a return subtracted), as the reports by product sum the
-- lines.
CREATE TRIGGER sales_product_days_follow AFTER INSERT ON document_lines
BEGIN
  INSERT INTO sales_product_days (product_id, business_date, qty, net_revenue, discount, cost)
  SELECT NEW.product_id, d.business_date,
         CASE WHEN d.type = 'sale' THEN NEW.qty ELSE -NEW.qty END,
         CASE WHEN d.type = 'sale' THEN NEW.amount ELSE -NEW.amount END,
         CASE WHEN d.type = 'sale' THEN NEW.discount ELSE 0 END,
         CASE WHEN d.type = 'sale' THEN NEW.cost_amount ELSE -NEW.cost_amount END
  FROM documents d WHERE d.id = NEW.document_id AND d.type IN ('sale', 'return')
  ON CONFLICT (business_date, product_id) DO UPDATE SET
    qty = qty + excluded.qty, net_revenue = net_revenue + excluded.net_revenue,
    discount = discount + excluded.discount, cost = cost + excluded.cost;
  INSERT INTO sales_product_months (month, product_id, qty, net_revenue, discount, cost)
  SELECT substr(d.business_date, 1, 7), NEW.product_id,
         CASE WHEN d.type = 'sale' THEN NEW.qty ELSE -NEW.qty END,
         CASE WHEN d.type = 'sale' THEN NEW.amount ELSE -NEW.amount END,
         CASE WHEN d.type = 'sale' THEN NEW.discount ELSE 0 END,
         CASE WHEN d.type = 'sale' THEN NEW.cost_amount ELSE -NEW.cost_amount END
  FROM documents d WHERE d.id = NEW.document_id AND d.type IN ('sale', 'return')
  ON CONFLICT (month, product_id) DO UPDATE SET
    qty = qty + excluded.qty, net_revenue = net_revenue + excluded.net_revenue,
    discount = discount + excluded.discount, cost = cost + excluded.cost;
END;
