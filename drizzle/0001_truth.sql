CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`state` text NOT NULL,
	`detail` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `messages_session_idx` ON `messages` (`session_id`,`state`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `exit` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `prompt_pending` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `queued_messages` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `agent_state` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `seq` integer;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `fact` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `processed_at` text;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `webhook_deliveries` ADD `error` text;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_pending_idx` ON `webhook_deliveries` (`processed_at`,`seq`);--> statement-breakpoint
-- Deliveries recorded before facts were kept were processed when they arrived.
UPDATE `webhook_deliveries` SET `processed_at` = `received_at` WHERE `processed_at` IS NULL;
