CREATE INDEX `documents_posted_idx` ON `documents` (`posted_at`);--> statement-breakpoint
CREATE INDEX `documents_total_idx` ON `documents` (`total`);