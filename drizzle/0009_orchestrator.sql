CREATE TABLE `orchestrators` (
	`key` text PRIMARY KEY NOT NULL,
	`session_id` text,
	`pending` text DEFAULT '[]' NOT NULL,
	`role_given` integer DEFAULT false NOT NULL,
	`day` text,
	`tokens_at_day_start` integer DEFAULT 0 NOT NULL,
	`stopped` integer DEFAULT false NOT NULL,
	`last_wake_at` text,
	`last_briefing_at` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `kind` text DEFAULT 'worker' NOT NULL;