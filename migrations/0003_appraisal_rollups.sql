-- Edited after drizzle-kit: the rollup tables are WITHOUT ROWID, clustered by (org, grain, period),
-- so reading a period is one contiguous range scan. drizzle-kit does not model this clause.
CREATE TABLE `appraisal_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`csv` text NOT NULL,
	`json` text NOT NULL,
	`sha256` text NOT NULL,
	`last_card_id` integer NOT NULL,
	`closed_by` integer,
	`closed_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appraisal_snapshots_unit_period_uq` ON `appraisal_snapshots` (`unit_id`,`period_start`,`period_end`);--> statement-breakpoint
CREATE TABLE `employee_dim_rollups` (
	`org_id` integer NOT NULL,
	`employee_id` integer NOT NULL,
	`grain` text NOT NULL,
	`period` text NOT NULL,
	`dimension` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	`sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `grain`, `period`, `employee_id`, `dimension`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `employee_rollups` (
	`org_id` integer NOT NULL,
	`employee_id` integer NOT NULL,
	`grain` text NOT NULL,
	`period` text NOT NULL,
	`cards` integer DEFAULT 0 NOT NULL,
	`person_cards` integer DEFAULT 0 NOT NULL,
	`overall_sum` integer DEFAULT 0 NOT NULL,
	`overall_sq_sum` integer DEFAULT 0 NOT NULL,
	`negatives` integer DEFAULT 0 NOT NULL,
	`recoveries` integer DEFAULT 0 NOT NULL,
	`praise` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `grain`, `period`, `employee_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`employee_id`) REFERENCES `employees`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `unit_rollups` (
	`org_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`grain` text NOT NULL,
	`period` text NOT NULL,
	`cards` integer DEFAULT 0 NOT NULL,
	`process_cards` integer DEFAULT 0 NOT NULL,
	`process_complaints` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `grain`, `period`, `unit_id`),
	FOREIGN KEY (`org_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
) WITHOUT ROWID;
