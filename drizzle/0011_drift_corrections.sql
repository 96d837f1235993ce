CREATE TABLE `drift_corrections` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`text` text NOT NULL,
	`created_at` text NOT NULL
);
