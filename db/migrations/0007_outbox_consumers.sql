CREATE TABLE `outbox_consumers` (
	`name` text PRIMARY KEY NOT NULL,
	`topics` text NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`retry_id` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text
);
--> statement-breakpoint
CREATE TABLE `outbox_done` (
	`consumer` text NOT NULL,
	`outbox_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`reason` text,
	`at` text NOT NULL,
	PRIMARY KEY(`consumer`, `outbox_id`)
);
--> statement-breakpoint
-- doc.posted / doc.cancelled rows had no reader (live screens get those events from the EventBus): gone before the
-- copy below. A new row may take the id of one removed at the very end: harmless, no consumer ever saw it.
DELETE FROM `outbox` WHERE `topic` IN ('doc.posted', 'doc.cancelled');
--> statement-breakpoint
-- The printer's cursor: just below its oldest undelivered row, so every row still waiting prints after the upgrade;
-- with none waiting, past everything. Its retry state is that row's (attempts and error so far; try again at once).
INSERT INTO `outbox_consumers` (`name`, `topics`, `cursor`, `retry_id`, `attempts`, `last_error`)
SELECT 'printer', '["receipt.print","report.print","drawer.kick"]',
  coalesce(h.`id` - 1, (SELECT max(`id`) FROM `outbox`), 0), h.`id`, coalesce(h.`attempts`, 0), h.`last_error`
FROM (SELECT 1) LEFT JOIN (
  SELECT `id`, `attempts`, `last_error` FROM `outbox`
  WHERE `delivered_at` IS NULL AND `topic` IN ('receipt.print', 'report.print', 'drawer.kick') ORDER BY `id` LIMIT 1
) h;
--> statement-breakpoint
-- Rows printed above that cursor (behind a row that could not print) are done: they must not print twice.
INSERT INTO `outbox_done` (`consumer`, `outbox_id`, `outcome`, `at`)
SELECT 'printer', `id`, 'delivered', `delivered_at` FROM `outbox`
WHERE `delivered_at` IS NOT NULL AND `topic` IN ('receipt.print', 'report.print', 'drawer.kick')
  AND `id` > (SELECT `cursor` FROM `outbox_consumers` WHERE `name` = 'printer');
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic` text NOT NULL,
	`payload` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "topic", "payload", "created_at") SELECT "id", "topic", "payload", "created_at" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `outbox_topic_idx` ON `outbox` (`topic`,`id`);