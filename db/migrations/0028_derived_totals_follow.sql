-- Both tables of 0027 are read by their primary key's order: WITHOUT ROWID keeps each row in its key's b-tree, so
-- a range of keys is read in place, not looked up in a separate table row by row (which cost 3-4x at 200k products).
-- drizzle-kit cannot say WITHOUT ROWID; the columns and keys stay exactly as its snapshot says. Both are empty here.
DROP TABLE `stock_month_balances`;
--> statement-breakpoint
CREATE TABLE `stock_month_balances` (
	`month` text NOT NULL,
	`product_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`qty` integer NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`month`, `product_id`, `location_id`)
) WITHOUT ROWID;
--> statement-breakpoint
DROP TABLE `sales_product_days`;
--> statement-breakpoint
CREATE TABLE `sales_product_days` (
	`product_id` integer NOT NULL,
	`business_date` text NOT NULL,
	`qty` integer NOT NULL,
	`net_revenue` integer NOT NULL,
	`discount` integer NOT NULL,
	`cost` integer NOT NULL,
	PRIMARY KEY(`product_id`, `business_date`)
) WITHOUT ROWID;
--> statement-breakpoint
-- The derived totals of 0027 follow the ledger in the transaction that writes it, whatever path writes it (the
-- engine, a reversal, an import): triggers on the ledger's inserts, the only change the ledger allows.
--
-- A movement corrects the end balance of every month listed in stock_months from its own month on (a back-dated
-- one, or one into a month being built: the build rewrites the products it reaches from the movements themselves).
-- A counter sale is dated today, after every listed month (only ended months are listed): the WHEN, one seek to
-- the last month, keeps the trigger's body from running at all (which cost ~8 us a movement).
CREATE TRIGGER stock_month_balances_follow AFTER INSERT ON stock_movements
WHEN substr(NEW.business_date, 1, 7) <= (SELECT MAX(month) FROM stock_months)
BEGIN
  INSERT INTO stock_month_balances (month, product_id, location_id, qty, value)
  SELECT m.month, NEW.product_id, NEW.location_id, NEW.qty_delta, NEW.value_delta FROM stock_months m
  WHERE m.month >= substr(NEW.business_date, 1, 7)
  ON CONFLICT (month, product_id, location_id) DO UPDATE SET qty = qty + excluded.qty, value = value + excluded.value;
END;
--> statement-breakpoint
-- A sale or return line adds to its product's day (a return subtracted), as the reports by product sum the lines.
CREATE TRIGGER sales_product_days_follow AFTER INSERT ON document_lines
BEGIN
  INSERT INTO sales_product_days (product_id, business_date, qty, net_revenue, discount, cost)
  SELECT NEW.product_id, d.business_date,
         CASE WHEN d.type = 'sale' THEN NEW.qty ELSE -NEW.qty END,
         CASE WHEN d.type = 'sale' THEN NEW.amount ELSE -NEW.amount END,
         CASE WHEN d.type = 'sale' THEN NEW.discount ELSE 0 END,
         CASE WHEN d.type = 'sale' THEN NEW.cost_amount ELSE -NEW.cost_amount END
  FROM documents d WHERE d.id = NEW.document_id AND d.type IN ('sale', 'return')
  ON CONFLICT (product_id, business_date) DO UPDATE SET
    qty = qty + excluded.qty, net_revenue = net_revenue + excluded.net_revenue,
    discount = discount + excluded.discount, cost = cost + excluded.cost;
END;
--> statement-breakpoint
-- A shop made before this version: its sales so far (month balances are built later, by the writer, in chunks).
INSERT INTO sales_product_days (product_id, business_date, qty, net_revenue, discount, cost)
SELECT l.product_id, d.business_date,
       SUM(CASE WHEN d.type = 'sale' THEN l.qty ELSE -l.qty END),
       SUM(CASE WHEN d.type = 'sale' THEN l.amount ELSE -l.amount END),
       SUM(CASE WHEN d.type = 'sale' THEN l.discount ELSE 0 END),
       SUM(CASE WHEN d.type = 'sale' THEN l.cost_amount ELSE -l.cost_amount END)
FROM documents d JOIN document_lines l ON l.document_id = d.id
WHERE d.type IN ('sale', 'return')
GROUP BY l.product_id, d.business_date;
