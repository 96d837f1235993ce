ALTER TABLE `escalations` ADD `action` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `decision` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `answer` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `resolved_by` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `outcome` text;--> statement-breakpoint
ALTER TABLE `escalations` ADD `delivered_to_orchestrator` integer;--> statement-breakpoint
ALTER TABLE `escalations` ADD `error` text;