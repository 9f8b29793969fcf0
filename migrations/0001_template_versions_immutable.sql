-- A card template version that a card has used is never edited: a change is a new version.
CREATE TRIGGER `card_templates_used_version_immutable`
BEFORE UPDATE OF `dimensions`, `name`, `version` ON `card_templates`
WHEN EXISTS (SELECT 1 FROM `comment_cards` WHERE `template_id` = OLD.`id`)
BEGIN
  SELECT RAISE(ABORT, 'template_version_in_use');
END;
--> statement-breakpoint
CREATE TRIGGER `card_templates_used_version_undeletable`
BEFORE DELETE ON `card_templates`
WHEN EXISTS (SELECT 1 FROM `comment_cards` WHERE `template_id` = OLD.`id`)
BEGIN
  SELECT RAISE(ABORT, 'template_version_in_use');
END;
