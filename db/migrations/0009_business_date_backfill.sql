-- Business dates for the rows written before there was one. The shop's time zone was not known then, so the date
-- is the UTC date of posted_at (created_at for a row never posted): a sale rung up after midnight UTC but before
-- local midnight lands on the next day. Movements take their document's date.
-- The ledger's triggers refuse these UPDATEs, so the three that would fire are dropped around them and recreated
-- exactly as 0001_ledger_append_only.sql made them.
DROP TRIGGER documents_only_cancel;
--> statement-breakpoint
DROP TRIGGER documents_cancelled_frozen;
--> statement-breakpoint
DROP TRIGGER stock_movements_no_update;
--> statement-breakpoint
UPDATE documents SET business_date = substr(COALESCE(posted_at, created_at), 1, 10) WHERE business_date = '';
--> statement-breakpoint
UPDATE stock_movements SET business_date = (SELECT d.business_date FROM documents d WHERE d.id = stock_movements.document_id) WHERE business_date = '';
--> statement-breakpoint
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: stock_movements cannot be updated'); END;
--> statement-breakpoint
-- A posted document may only become cancelled (its reversal is a separate document).
CREATE TRIGGER documents_only_cancel BEFORE UPDATE ON documents
WHEN OLD.status = 'posted' AND NOT (
  NEW.status = 'cancelled' AND NEW.cancelled_at IS NOT NULL
  AND NEW.id = OLD.id AND NEW.uuid = OLD.uuid AND NEW.type = OLD.type AND NEW.number = OLD.number
  AND NEW.location_id = OLD.location_id AND NEW.total = OLD.total AND NEW.tax_total = OLD.tax_total
  AND NEW.posted_at IS OLD.posted_at AND NEW.author_id = OLD.author_id
)
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: a posted document can only be cancelled'); END;
--> statement-breakpoint
CREATE TRIGGER documents_cancelled_frozen BEFORE UPDATE ON documents
WHEN OLD.status = 'cancelled'
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: a cancelled document cannot change'); END;
--> statement-breakpoint
-- From here on every document has a real date ('' is only the ALTER TABLE default), and it never changes: the
-- period lock and valuation as of a date rely on it. A movement carries its document's date.
CREATE TRIGGER documents_business_date_required BEFORE INSERT ON documents
WHEN NEW.business_date NOT GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'
BEGIN SELECT RAISE(ABORT, 'business_date: a document needs its business date (YYYY-MM-DD)'); END;
--> statement-breakpoint
CREATE TRIGGER documents_business_date_fixed BEFORE UPDATE OF business_date ON documents
WHEN NEW.business_date IS NOT OLD.business_date
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: a document''s business date cannot change'); END;
--> statement-breakpoint
CREATE TRIGGER stock_movements_business_date BEFORE INSERT ON stock_movements
WHEN NEW.business_date IS NOT (SELECT business_date FROM documents WHERE id = NEW.document_id)
BEGIN SELECT RAISE(ABORT, 'business_date: a movement carries its document''s business date'); END;
