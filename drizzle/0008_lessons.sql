CREATE TABLE `lessons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` text NOT NULL,
	`text` text NOT NULL,
	`proposed_text` text NOT NULL,
	`state` text NOT NULL,
	`source` text NOT NULL,
	`session_id` text,
	`reason` text,
	`created_at` text NOT NULL,
	`decided_at` text,
	`decided_by` text
);
--> statement-breakpoint
CREATE INDEX `lessons_project_idx` ON `lessons` (`project_id`,`state`);--> statement-breakpoint
CREATE TABLE `session_retros` (
	`session_id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`facts` text NOT NULL,
	`reflection` text,
	`lesson_id` integer,
	`created_at` text NOT NULL
);
