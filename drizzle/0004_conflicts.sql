CREATE TABLE `conflict_notices` (
	`session_id` text NOT NULL,
	`key` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`session_id`, `key`)
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `conflicts` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `dependencies` text;