ALTER TABLE `organizations` ADD `roster_version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The roster version changes with every write to an organization's units or employees, in the
-- writer's own transaction, so a cached employee list can be checked with one indexed read.
CREATE TRIGGER `employees_roster_insert` AFTER INSERT ON `employees`
BEGIN
  UPDATE `organizations` SET `roster_version` = `roster_version` + 1 WHERE `id` = NEW.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `employees_roster_update` AFTER UPDATE ON `employees`
BEGIN
  UPDATE `organizations` SET `roster_version` = `roster_version` + 1 WHERE `id` IN (OLD.`org_id`, NEW.`org_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `employees_roster_delete` AFTER DELETE ON `employees`
BEGIN
  UPDATE `organizations` SET `roster_version` = `roster_version` + 1 WHERE `id` = OLD.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `units_roster_insert` AFTER INSERT ON `units`
BEGIN
  UPDATE `organizations` SET `roster_version` = `roster_version` + 1 WHERE `id` = NEW.`org_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `units_roster_update` AFTER UPDATE ON `units`
BEGIN
  UPDATE `organizations` SET `roster_version` = `roster_version` + 1 WHERE `id` IN (OLD.`org_id`, NEW.`org_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `units_roster_delete` AFTER DELETE ON `units`
BEGIN
  UPDATE `organizations` SET `roster_version` = `roster_version` + 1 WHERE `id` = OLD.`org_id`;
END;
