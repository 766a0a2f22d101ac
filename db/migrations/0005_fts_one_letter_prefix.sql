-- One-letter prefixes ("m" for milk) were the slowest searches: the FTS5 index now keeps 1-letter prefixes too
-- (500k products: one-letter p95 78 ms -> 20 ms here). Same table, columns and triggers as 0004.
DROP TRIGGER IF EXISTS products_fts_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_fts_update;
--> statement-breakpoint
DROP TRIGGER IF EXISTS products_fts_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS barcodes_fts_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS barcodes_fts_delete;
--> statement-breakpoint
DROP TRIGGER IF EXISTS barcodes_fts_update;
--> statement-breakpoint
DROP TABLE IF EXISTS products_fts;
--> statement-breakpoint
CREATE VIRTUAL TABLE products_fts USING fts5(name, sku, codes, tokenize="unicode61 remove_diacritics 2", prefix='1 2 3');
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
CREATE TRIGGER products_fts_update AFTER UPDATE OF id, name, sku ON products
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
