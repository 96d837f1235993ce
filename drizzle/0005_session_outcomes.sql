CREATE TABLE `ci_cycles` (
	`session_id` text NOT NULL,
	`failed_head` text NOT NULL,
	`failed_at` text NOT NULL,
	`checks` text DEFAULT '[]' NOT NULL,
	`fixed_head` text,
	`fixed_at` text,
	`flaky` integer,
	PRIMARY KEY(`session_id`, `failed_head`)
);
--> statement-breakpoint
CREATE TABLE `commit_facts` (
	`repo_path` text NOT NULL,
	`sha` text NOT NULL,
	`at` integer NOT NULL,
	`lines_added` integer NOT NULL,
	`models` text,
	`on_main` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`repo_path`, `sha`)
);
--> statement-breakpoint
CREATE INDEX `commit_facts_at_idx` ON `commit_facts` (`repo_path`,`at`);--> statement-breakpoint
CREATE TABLE `commit_scans` (
	`repo_path` text PRIMARY KEY NOT NULL,
	`tips` text NOT NULL,
	`refs_key` text NOT NULL,
	`main_tip` text,
	`scanned_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `review_items` (
	`session_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`author` text NOT NULL,
	`author_kind` text NOT NULL,
	`first_seen_at` text NOT NULL,
	`first_head` text,
	`resolved_at` text,
	`outcome` text,
	PRIMARY KEY(`session_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `review_items_author_idx` ON `review_items` (`author_kind`);--> statement-breakpoint
CREATE TABLE `session_outcomes` (
	`session_id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`task` text NOT NULL,
	`title` text NOT NULL,
	`branch` text NOT NULL,
	`agent` text NOT NULL,
	`models` text DEFAULT '[]' NOT NULL,
	`prompt_template` text,
	`lessons` text,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`started_at` text NOT NULL,
	`first_pr_at` text,
	`pr_number` integer,
	`ci_failures` integer DEFAULT 0 NOT NULL,
	`ci_fix_cycles` integer DEFAULT 0 NOT NULL,
	`ci_flaky_cycles` integer DEFAULT 0 NOT NULL,
	`ci_successes` integer DEFAULT 0 NOT NULL,
	`review_rounds` integer DEFAULT 0 NOT NULL,
	`comments_human` integer DEFAULT 0 NOT NULL,
	`comments_bot` integer DEFAULT 0 NOT NULL,
	`comments_agent` integer DEFAULT 0 NOT NULL,
	`escalations` integer DEFAULT 0 NOT NULL,
	`human_messages` integer DEFAULT 0 NOT NULL,
	`end_state` text,
	`ended_at` text,
	`merged_at` text,
	`last_head` text,
	`last_ci` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `session_outcomes_project_idx` ON `session_outcomes` (`project_id`,`started_at`);