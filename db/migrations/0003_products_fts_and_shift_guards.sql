-- Full-text search over products: name, SKU and barcodes, prefix-matched. Contentless (the text lives in
-- products and barcodes); the triggers below keep it in step with both tables.
CREATE VIRTUAL TABLE products_fts USING fts5(name, sku, codes, content='', contentless_delete=1, tokenize="unicode61 remove_diacritics 2", prefix='2 3');
--> statement-breakpoint
INSERT INTO products_fts (rowid, name, sku, codes)
SELECT p.id, p.name, p.sku, (SELECT group_concat(b.code, ' ') FROM barcodes b WHERE b.product_id = p.id) FROM products p;
--> statement-breakpoint
CREATE TRIGGER products_fts_insert AFTER INSERT ON products
BEGIN
  INSERT INTO products_fts (rowid, name, sku, codes)
  VALUES (NEW.id, NEW.name, NEW.sku, (SELECT group_concat(code, ' ') FROM barcodes WHERE product_id = NEW.id));
END;
--> statement-breakpoint
CREATE TRIGGER products_fts_update AFTER UPDATE OF name, sku ON products
BEGIN
  DELETE FROM products_fts WHERE rowid = OLD.id;
  INSERT INTO products_fts (rowid, name, sku, codes)
  VALUES (NEW.id, NEW.name, NEW.sku, (SELECT group_concat(code, ' ') FROM barcodes WHERE product_id = NEW.id));
END;
--> statement-breakpoint
CREATE TRIGGER products_fts_delete AFTER DELETE ON products
BEGIN
  DELETE FROM products_fts WHERE rowid = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER barcodes_fts_insert AFTER INSERT ON barcodes
BEGIN
  DELETE FROM products_fts WHERE rowid = NEW.product_id;
  INSERT INTO products_fts (rowid, name, sku, codes)
  SELECT p.id, p.name, p.sku, (SELECT group_concat(code, ' ') FROM barcodes WHERE product_id = p.id) FROM products p WHERE p.id = NEW.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER barcodes_fts_delete AFTER DELETE ON barcodes
BEGIN
  DELETE FROM products_fts WHERE rowid = OLD.product_id;
  INSERT INTO products_fts (rowid, name, sku, codes)
  SELECT p.id, p.name, p.sku, (SELECT group_concat(code, ' ') FROM barcodes WHERE product_id = p.id) FROM products p WHERE p.id = OLD.product_id;
END;
--> statement-breakpoint
CREATE TRIGGER barcodes_fts_update AFTER UPDATE ON barcodes
BEGIN
  DELETE FROM products_fts WHERE rowid IN (OLD.product_id, NEW.product_id);
  INSERT INTO products_fts (rowid, name, sku, codes)
  SELECT p.id, p.name, p.sku, (SELECT group_concat(code, ' ') FROM barcodes WHERE product_id = p.id) FROM products p WHERE p.id IN (OLD.product_id, NEW.product_id);
END;
--> statement-breakpoint
-- A closed shift and its Z report are final; shifts and cash moves are never deleted.
CREATE TRIGGER shifts_closed_frozen BEFORE UPDATE ON shifts
WHEN OLD.closed_at IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'shift_closed: a closed shift and its Z report cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: shifts cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER cash_moves_no_update BEFORE UPDATE ON cash_moves
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: cash_moves cannot be updated'); END;
--> statement-breakpoint
CREATE TRIGGER cash_moves_no_delete BEFORE DELETE ON cash_moves
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: cash_moves cannot be deleted'); END;
