CREATE TABLE `tracker_writes` (
	`session_id` text NOT NULL,
	`issue` text NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`done_at` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tracker_writes_key_idx` ON `tracker_writes` (`session_id`,`issue`,`kind`,`target`);