CREATE TABLE `check_decisions` (
	`repo` text NOT NULL,
	`head_sha` text NOT NULL,
	`name` text NOT NULL,
	`class` text NOT NULL,
	`reason` text NOT NULL,
	`action` text NOT NULL,
	`rerun_of` integer,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `check_decisions_key_idx` ON `check_decisions` (`repo`,`head_sha`,`name`);--> statement-breakpoint
CREATE TABLE `check_outcomes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`repo` text NOT NULL,
	`name` text NOT NULL,
	`run_key` text NOT NULL,
	`attempt` integer DEFAULT 1 NOT NULL,
	`head_sha` text NOT NULL,
	`branch` text,
	`pr_number` integer,
	`on_default` integer DEFAULT false NOT NULL,
	`conclusion` text NOT NULL,
	`failed` integer NOT NULL,
	`check_run_id` integer,
	`duration_ms` integer,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `check_outcomes_run_idx` ON `check_outcomes` (`repo`,`run_key`,`attempt`);--> statement-breakpoint
CREATE INDEX `check_outcomes_name_idx` ON `check_outcomes` (`repo`,`name`,`at`);--> statement-breakpoint
CREATE INDEX `check_outcomes_default_idx` ON `check_outcomes` (`repo`,`name`,`on_default`,`at`);