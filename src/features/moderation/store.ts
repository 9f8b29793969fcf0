/** Held submissions waiting for a moderator, scoped to the caller's units. */
import type { Db } from '../../db/client.ts';
import type { Scope } from '../auth/scope.ts';

export interface HeldItem {
  kind: 'card' | 'praise';
  id: number;
  createdAt: number;
  employeeId: number | null;
  unitId: number;
  touchpoint: string;
  overall: number | null;
  text: string | null;
}

export function moderationStore(db: Db) {
  return {
    async held(scope: Scope, limit = 100): Promise<HeldItem[]> {
      if (scope.unitIds !== undefined && scope.unitIds.length === 0) return [];
      const unit = scope.unitIds === undefined ? '1' : `x.unit_id IN (${scope.unitIds.map(Number).join(',')})`;
      return db.$client
        .prepare(
          `SELECT * FROM (
             SELECT 'card' AS kind, c.id, c.created_at AS createdAt, c.employee_id AS employeeId, c.unit_id, t.name AS touchpoint, c.overall, c.comment AS text
               FROM comment_cards c JOIN touchpoints t ON t.id = c.touchpoint_id WHERE c.org_id = @org AND c.status = 'held'
             UNION ALL
             SELECT 'praise', p.id, p.created_at, p.employee_id, p.unit_id, t.name, NULL, p.body
               FROM praise_letters p JOIN touchpoints t ON t.id = p.touchpoint_id WHERE p.org_id = @org AND p.status = 'held'
           ) x WHERE ${unit} ORDER BY createdAt, id LIMIT @limit`,
        )
        .all({ org: scope.orgId, limit })
        .map((r) => {
          const { unit_id, ...rest } = r as Omit<HeldItem, 'unitId'> & { unit_id: number };
          return { ...rest, unitId: unit_id };
        });
    },
  };
}

export type ModerationStore = ReturnType<typeof moderationStore>;
