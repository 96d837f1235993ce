CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`at` text NOT NULL,
	`session_id` text,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_session_idx` ON `events` (`session_id`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`config_path` text NOT NULL,
	`repo_path` text NOT NULL,
	`next_seq` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`status` text NOT NULL,
	`activity` text NOT NULL,
	`status_reason` text,
	`evidence` text,
	`branch` text NOT NULL,
	`base_branch` text NOT NULL,
	`worktree_path` text NOT NULL,
	`worktree_removed` integer DEFAULT false NOT NULL,
	`agent` text NOT NULL,
	`runtime` text NOT NULL,
	`workspace` text NOT NULL,
	`runtime_handle` text,
	`hook_secret` text NOT NULL,
	`prompt` text,
	`title` text NOT NULL,
	`issue` text,
	`pr` text,
	`agent_session_id` text,
	`model` text,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`escalated` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`last_activity_at` text,
	`activity_since` text,
	`pr_confirmed_at` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_project_idx` ON `sessions` (`project_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_branch_idx` ON `sessions` (`project_id`,`branch`);--> statement-breakpoint
CREATE TABLE `notifications_sent` (
	`id` text NOT NULL,
	`channel` text NOT NULL,
	`sent_at` text NOT NULL,
	PRIMARY KEY(`id`, `channel`)
);
--> statement-breakpoint
CREATE TABLE `reaction_incidents` (
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_fired_at` text,
	`last_fired_at` text,
	`escalated` integer DEFAULT false NOT NULL,
	`escalated_at` text,
	`resolved_at` text,
	`sent` text DEFAULT '[]' NOT NULL,
	PRIMARY KEY(`session_id`, `kind`, `key`)
);
--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`event` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_deliveries_received_idx` ON `webhook_deliveries` (`received_at`);