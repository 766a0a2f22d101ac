-- The ledger is append-only: corrections are reversal documents, never edits.
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: stock_movements cannot be updated'); END;
--> statement-breakpoint
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: stock_movements cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: audit_log cannot be updated'); END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: audit_log cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER document_lines_no_update BEFORE UPDATE ON document_lines
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: document_lines cannot be updated'); END;
--> statement-breakpoint
CREATE TRIGGER document_lines_no_delete BEFORE DELETE ON document_lines
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: document_lines cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: payments cannot be updated'); END;
--> statement-breakpoint
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: payments cannot be deleted'); END;
--> statement-breakpoint
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
BEGIN SELECT RAISE(ABORT, 'ledger_append_only: documents cannot be deleted'); END;
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
