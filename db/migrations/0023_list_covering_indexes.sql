DROP INDEX `documents_posted_idx`;--> statement-breakpoint
DROP INDEX `documents_total_idx`;--> statement-breakpoint
CREATE INDEX `documents_posted_idx` ON `documents` (`posted_at`,`id`,`type`);--> statement-breakpoint
CREATE INDEX `documents_total_idx` ON `documents` (`total`,`id`,`type`,`posted_at`);