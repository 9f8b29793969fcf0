CREATE TABLE `flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`employee_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`rule` text NOT NULL,
	`evidence` text NOT NULL,
	`explanation` text NOT NULL,
	`previous_flag_id` integer,
	`opened_at` integer NOT NULL,
	`acknowledged_at` integer,
	`coaching_date` text,
	`coaching_note` text,
	`closed_at` integer,
	`resolution_note` text,
	`dismiss_reason` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`previous_flag_id`) REFERENCES `flags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `flags_org_state_idx` ON `flags` (`org_id`,`state`);--> statement-breakpoint
CREATE INDEX `flags_employee_idx` ON `flags` (`employee_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `flags_one_active_per_employee_uq` ON `flags` (`employee_id`) WHERE state IN ('open', 'acknowledged', 'coaching_planned');--> statement-breakpoint
CREATE TABLE `org_settings` (
	`org_id` integer PRIMARY KEY NOT NULL,
	`flag_rule` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`event` text NOT NULL,
	`channel` text NOT NULL,
	`target` text NOT NULL,
	`message_id` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_message_id_unique` ON `outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_org_status_idx` ON `outbox` (`org_id`,`status`);--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`url` text NOT NULL,
	`secret` text NOT NULL,
	`events` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhooks_org_idx` ON `webhooks` (`org_id`);--> statement-breakpoint
ALTER TABLE `employees` ADD `email` text;