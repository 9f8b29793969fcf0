-- Per-dimension sums move into the employee rollup row (JSON { key: [n, sum] }): a period is then
-- read as one row per employee. Existing sums are carried over before the old table goes.
ALTER TABLE `employee_rollups` ADD `dims` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
UPDATE `employee_rollups` SET `dims` = (
  SELECT json_group_object(d.`dimension`, json_array(d.`n`, d.`sum`)) FROM `employee_dim_rollups` d
   WHERE d.`org_id` = `employee_rollups`.`org_id` AND d.`grain` = `employee_rollups`.`grain`
     AND d.`period` = `employee_rollups`.`period` AND d.`employee_id` = `employee_rollups`.`employee_id`
) WHERE EXISTS (
  SELECT 1 FROM `employee_dim_rollups` d
   WHERE d.`org_id` = `employee_rollups`.`org_id` AND d.`grain` = `employee_rollups`.`grain`
     AND d.`period` = `employee_rollups`.`period` AND d.`employee_id` = `employee_rollups`.`employee_id`
);--> statement-breakpoint
DROP TABLE `employee_dim_rollups`;
