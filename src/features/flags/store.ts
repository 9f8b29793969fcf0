/** Coaching flags: the window facts the rule needs (from rollups and cards), and the flags themselves. */
import type { Db } from '../../db/client.ts';
import type { FlagState } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../audit/store.ts';
import type { Scope } from '../auth/scope.ts';
import { outboxWriter } from '../notifications/outbox.ts';
import { DEFAULT_RULE, validateRule, type FlagRule } from './rule.ts';

export interface FlagRow {
  id: number;
  orgId: number;
  employeeId: number;
  employeeName: string;
  employeeNo: string;
  unitId: number;
  unitName: string;
  state: FlagState;
  rule: FlagRule;
  evidence: FlagEvidence;
  explanation: string;
  previousFlagId: number | null;
  openedAt: number;
  acknowledgedAt: number | null;
  coachingDate: string | null;
  coachingNote: string | null;
  closedAt: number | null;
  resolutionNote: string | null;
  dismissReason: string | null;
  updatedAt: number;
}

export interface FlagEvidence {
  window: { from: string; to: string; since: string };
  cardIds: number[];
  personCards: number;
  negatives: number;
  negativeDays: number;
  employeeRate: number;
  unitRate: number;
  unitPersonCards: number;
  unitNegatives: number;
  probability: number;
}

const ACTIVE = "('open', 'acknowledged', 'coaching_planned')";

const SELECT = `SELECT f.id, f.org_id AS orgId, f.employee_id AS employeeId, e.display_name AS employeeName, e.employee_no AS employeeNo,
    f.unit_id AS unitId, un.name AS unitName, f.state, f.rule, f.evidence, f.explanation, f.previous_flag_id AS previousFlagId,
    f.opened_at AS openedAt, f.acknowledged_at AS acknowledgedAt, f.coaching_date AS coachingDate, f.coaching_note AS coachingNote,
    f.closed_at AS closedAt, f.resolution_note AS resolutionNote, f.dismiss_reason AS dismissReason, f.updated_at AS updatedAt
  FROM flags f JOIN employees e ON e.id = f.employee_id JOIN units un ON un.id = f.unit_id`;

type RawFlag = Omit<FlagRow, 'rule' | 'evidence'> & { rule: string; evidence: string };
const parse = (r: RawFlag): FlagRow => ({ ...r, rule: JSON.parse(r.rule) as FlagRule, evidence: JSON.parse(r.evidence) as FlagEvidence });

export function flagStore(db: Db) {
  const c = db.$client;
  const outbox = outboxWriter(db);
  const employee = c.prepare<[number, number], { id: number; unitId: number; displayName: string; active: number }>(
    'SELECT id, unit_id AS unitId, display_name AS displayName, active FROM employees WHERE id = ? AND org_id = ?',
  );
  /** The employee's person cards in [start, end): bounded by their cards in one window. */
  const personCards = c.prepare<[number, number, number, number], { id: number; overall: number; createdAt: number }>(
    `SELECT id, overall, created_at AS createdAt FROM comment_cards
      WHERE org_id = ? AND employee_id = ? AND status = 'published' AND about IS NOT 'process' AND created_at >= ? AND created_at < ?
      ORDER BY created_at`,
  );
  /** The rest of the unit, from the daily rollups: bounded by unit size × window days. */
  const unitOthers = c.prepare<{ orgId: number; unitId: number; employeeId: number; from: string; to: string }, { n: number | null; neg: number | null }>(
    `SELECT SUM(r.person_cards) AS n, SUM(r.negatives) AS neg
       FROM employee_rollups r JOIN employees e ON e.id = r.employee_id
      WHERE r.org_id = @orgId AND r.grain = 'd' AND r.period BETWEEN @from AND @to AND e.unit_id = @unitId AND e.id <> @employeeId`,
  );
  const active = c.prepare<[number], RawFlag>(`${SELECT} WHERE f.employee_id = ? AND f.state IN ${ACTIVE}`);
  const lastClosed = c.prepare<[number], { id: number; closedAt: number }>(
    `SELECT id, closed_at AS closedAt FROM flags WHERE employee_id = ? AND state IN ('resolved', 'dismissed') ORDER BY closed_at DESC, id DESC LIMIT 1`,
  );
  const insert = c.prepare(
    `INSERT INTO flags (org_id, employee_id, unit_id, state, rule, evidence, explanation, previous_flag_id, opened_at, updated_at)
     VALUES (@orgId, @employeeId, @unitId, 'open', @rule, @evidence, @explanation, @previousFlagId, @now, @now)`,
  );
  const settings = c.prepare<[number], { flagRule: string | null }>('SELECT flag_rule AS flagRule FROM org_settings WHERE org_id = ?');
  const byId = c.prepare<[number, number], RawFlag>(`${SELECT} WHERE f.id = ? AND f.org_id = ?`);

  return {
    employee: async (orgId: number, id: number) => employee.get(id, orgId),
    personCards: async (orgId: number, employeeId: number, start: number, end: number) => personCards.all(orgId, employeeId, start, end),
    unitOthers: async (orgId: number, unitId: number, employeeId: number, from: string, to: string) => {
      const r = unitOthers.get({ orgId, unitId, employeeId, from, to });
      return { personCards: r?.n ?? 0, negatives: r?.neg ?? 0 };
    },
    activeFlag: async (employeeId: number): Promise<FlagRow | undefined> => {
      const r = active.get(employeeId);
      return r ? parse(r) : undefined;
    },
    lastClosed: async (employeeId: number) => lastClosed.get(employeeId),

    async rule(orgId: number): Promise<FlagRule> {
      const raw = settings.get(orgId)?.flagRule;
      return raw ? { ...DEFAULT_RULE, ...(JSON.parse(raw) as Partial<FlagRule>) } : DEFAULT_RULE;
    },

    async setRule(orgId: number, rule: FlagRule, audit: { actor: Actor; now: Date }): Promise<void> {
      const bad = validateRule(rule);
      if (bad.length) throw new Error(bad.join('; '));
      db.transaction((tx) => {
        const before = settings.get(orgId)?.flagRule ?? null;
        c.prepare(
          `INSERT INTO org_settings (org_id, flag_rule, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (org_id) DO UPDATE SET flag_rule = excluded.flag_rule, updated_at = excluded.updated_at`,
        ).run(orgId, JSON.stringify(rule), audit.now.getTime());
        recordAudit(tx, audit.actor, { action: 'flags.rule', entity: 'org_settings', entityId: orgId, before: before && JSON.parse(before), after: rule, at: audit.now });
      });
    },

    /**
     * Opens a flag and enqueues its notifications in one transaction. The partial unique index
     * guarantees never two active flags for one employee: a concurrent duplicate answers undefined.
     */
    async open(input: {
      orgId: number;
      employeeId: number;
      unitId: number;
      rule: FlagRule;
      evidence: FlagEvidence;
      explanation: string;
      previousFlagId: number | null;
      now: Date;
    }): Promise<number | undefined> {
      try {
        return db.transaction(
          () => {
            if (active.get(input.employeeId)) return undefined;
            const id = Number(
              insert.run({
                orgId: input.orgId,
                employeeId: input.employeeId,
                unitId: input.unitId,
                rule: JSON.stringify(input.rule),
                evidence: JSON.stringify(input.evidence),
                explanation: input.explanation,
                previousFlagId: input.previousFlagId,
                now: input.now.getTime(),
              }).lastInsertRowid,
            );
            outbox.flagOpened(
              input.orgId,
              input.unitId,
              { type: 'flag.opened', flagId: id, employeeId: input.employeeId, unitId: input.unitId, explanation: input.explanation, openedAt: input.now.toISOString() },
              input.now,
            );
            return id;
          },
          { behavior: 'immediate' },
        );
      } catch (err) {
        if (err instanceof Error && /UNIQUE constraint failed: flags/.test(err.message)) return undefined;
        throw err;
      }
    },

    async get(scope: Scope, id: number): Promise<FlagRow | undefined> {
      const r = byId.get(id, scope.orgId);
      if (!r) return undefined;
      if (scope.employeeId !== undefined && r.employeeId !== scope.employeeId) return undefined;
      if (scope.employeeId === undefined && scope.unitIds !== undefined && !scope.unitIds.includes(r.unitId)) return undefined;
      return parse(r);
    },

    async list(scope: Scope, opts: { states?: readonly FlagState[]; limit?: number } = {}): Promise<FlagRow[]> {
      const where = ['f.org_id = ?'];
      const params: (string | number)[] = [scope.orgId];
      if (scope.employeeId !== undefined) {
        where.push('f.employee_id = ?');
        params.push(scope.employeeId);
      } else if (scope.unitIds !== undefined) {
        if (scope.unitIds.length === 0) return [];
        where.push(`f.unit_id IN (${scope.unitIds.map(() => '?').join(',')})`);
        params.push(...scope.unitIds);
      }
      if (opts.states?.length) {
        where.push(`f.state IN (${opts.states.map(() => '?').join(',')})`);
        params.push(...opts.states);
      }
      params.push(opts.limit ?? 200);
      return (c.prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY f.opened_at DESC, f.id DESC LIMIT ?`).all(...params) as RawFlag[]).map(parse);
    },

    /** Applies a lifecycle change (already validated) with its audit entry, in one transaction. */
    async transition(flag: FlagRow, to: FlagState, patch: Partial<Pick<FlagRow, 'coachingDate' | 'coachingNote' | 'resolutionNote' | 'dismissReason'>>, audit: { actor: Actor; now: Date }): Promise<FlagRow> {
      return db.transaction((tx) => {
        const now = audit.now.getTime();
        const res = c
          .prepare(
            `UPDATE flags SET state = @to, updated_at = @now,
               acknowledged_at = CASE WHEN @to = 'acknowledged' THEN @now ELSE acknowledged_at END,
               coaching_date = COALESCE(@coachingDate, coaching_date), coaching_note = COALESCE(@coachingNote, coaching_note),
               resolution_note = COALESCE(@resolutionNote, resolution_note), dismiss_reason = COALESCE(@dismissReason, dismiss_reason),
               closed_at = CASE WHEN @to IN ('resolved', 'dismissed') THEN @now ELSE closed_at END
             WHERE id = @id AND state = @from`,
          )
          .run({
            id: flag.id,
            from: flag.state,
            to,
            now,
            coachingDate: patch.coachingDate ?? null,
            coachingNote: patch.coachingNote ?? null,
            resolutionNote: patch.resolutionNote ?? null,
            dismissReason: patch.dismissReason ?? null,
          });
        if (res.changes !== 1) throw new Error('flag changed meanwhile');
        recordAudit(tx, audit.actor, { action: `flag.${to}`, entity: 'flag', entityId: flag.id, before: { state: flag.state }, after: { state: to, ...patch }, at: audit.now });
        return parse(byId.get(flag.id, flag.orgId)!);
      });
    },

    /** Employee ids with person cards in a window: what `flags recompute` looks at. */
    async employeesWithCards(orgId: number, from: string, to: string): Promise<number[]> {
      return (
        c
          .prepare<[number, string, string], { id: number }>(
            "SELECT DISTINCT employee_id AS id FROM employee_rollups WHERE org_id = ? AND grain = 'd' AND period BETWEEN ? AND ? AND negatives > 0",
          )
          .all(orgId, from, to)
      ).map((r) => r.id);
    },
  };
}

export type FlagStore = ReturnType<typeof flagStore>;
