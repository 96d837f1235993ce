CREATE TABLE `briefings` (
	`project_id` text PRIMARY KEY NOT NULL,
	`text` text NOT NULL,
	`published_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `escalations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text,
	`project_id` text,
	`summary` text NOT NULL,
	`recommendation` text NOT NULL,
	`source` text NOT NULL,
	`created_at` text NOT NULL,
	`resolved_at` text
);
--> statement-breakpoint
CREATE INDEX `escalations_open_idx` ON `escalations` (`resolved_at`);--> statement-breakpoint
CREATE TABLE `mcp_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`hash` text NOT NULL,
	`scope` text NOT NULL,
	`session_id` text,
	`created_at` text NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mcp_tokens_hash_idx` ON `mcp_tokens` (`hash`);--> statement-breakpoint
CREATE INDEX `mcp_tokens_session_idx` ON `mcp_tokens` (`session_id`);--> statement-breakpoint
CREATE TABLE `worker_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`created_at` text NOT NULL,
	`answered_at` text
);
--> statement-breakpoint
CREATE INDEX `worker_reports_session_idx` ON `worker_reports` (`session_id`);