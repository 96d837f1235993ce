CREATE TABLE `human_questions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` text NOT NULL,
	`text` text NOT NULL,
	`from` text NOT NULL,
	`asked_at` text NOT NULL,
	`answer` text,
	`answered_at` text
);
