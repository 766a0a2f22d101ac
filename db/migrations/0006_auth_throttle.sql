CREATE TABLE `auth_throttle` (
	`user_id` integer NOT NULL,
	`source` text NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` text NOT NULL,
	`next_try_at` text NOT NULL,
	PRIMARY KEY(`user_id`, `source`)
);
--> statement-breakpoint
CREATE INDEX `auth_throttle_last_failure_idx` ON `auth_throttle` (`last_failure_at`);