/**
 * Appraisal reads from the rollups (never from the cards), plus snapshots of closed periods.
 * A period [from, to] of local days is read as whole years, quarters and months and edge days.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.ts';
import { startOfLocalDay, addDays, splitRange } from './calendar.ts';
import type { Sums } from './scoring.ts';

export interface EmployeeRow {
  id: number;
  employeeNo: string;
  displayName: string;
  fullName: string;
  unitId: number;
  unitName: string;
  active: boolean;
}

export interface UnitProcess {
  unitId: number;
  unitName: string;
  cards: number;
  processCards: number;
  processComplaints: number;
}

export interface Snapshot {
  id: number;
  orgId: number;
  unitId: number;
  periodStart: string;
  periodEnd: string;
  csv: string;
  json: string;
  sha256: string;
  lastCardId: number;
  closedBy: number | null;
  closedAt: number;
}

/** SQL for "this rollup row belongs to the range": whole years, quarters, months, or day spans. */
function rangeFilter(from: string, to: string): { sql: string; params: string[] } {
  const { years, quarters, months, days } = splitRange(from, to);
  const parts: string[] = [];
  const params: string[] = [];
  for (const [grain, list] of [['y', years], ['q', quarters], ['m', months]] as const) {
    if (!list.length) continue;
    parts.push(`(grain = '${grain}' AND period IN (${list.map(() => '?').join(',')}))`);
    params.push(...list);
  }
  for (const [a, b] of days) {
    parts.push(`(grain = 'd' AND period BETWEEN ? AND ?)`);
    params.push(a, b);
  }
  return { sql: parts.length ? `(${parts.join(' OR ')})` : '0', params };
}

function unitFilter(unitIds: readonly number[] | undefined, column: string): { sql: string; params: number[] } {
  if (unitIds === undefined) return { sql: '1', params: [] };
  if (unitIds.length === 0) return { sql: '0', params: [] };
  return { sql: `${column} IN (${unitIds.map(() => '?').join(',')})`, params: [...unitIds] };
}

/** A rollup row's inline dimension sums: `{"key": [n, sum]}`. */
type DimsJson = Record<string, [number, number]>;

/** Adds a rollup row's dimension sums into `dims`. */
function addDims(dims: Sums['dims'], parsed: DimsJson | undefined): Sums['dims'] {
  for (const key in parsed) {
    const [n, sum] = parsed[key]!;
    const d = dims[key];
    if (d) {
      d.n += n;
      d.sum += sum;
    } else dims[key] = { n, sum };
  }
  return dims;
}

/** Employee lists kept in memory, one per organization (the least recently loaded goes first). */
const MAX_CACHED_ROSTERS = 32;

export function appraisalStore(db: Db) {
  const c = db.$client;
  const dimKeys = c.prepare<[number], { dimensions: string }>('SELECT dimensions FROM card_templates WHERE org_id = ? ORDER BY id');
  // Statements whose shape depends on the range are cached by their SQL text.
  const cache = new Map<string, Statement<unknown[]>>();
  const prepared = (sql: string): Statement<unknown[]> => {
    let st = cache.get(sql);
    if (!st) {
      st = c.prepare<unknown[]>(sql);
      if (cache.size > 500) cache.clear();
      cache.set(sql, st);
    }
    return st;
  };

  const rosterVersion = c.prepare<[number], number>('SELECT roster_version FROM organizations WHERE id = ?').pluck();
  const rosters = new Map<number, { version: number; employees: readonly EmployeeRow[] }>();
  /** The organization's employees, sorted; kept per organization while its roster version holds. */
  const roster = (orgId: number): readonly EmployeeRow[] => {
    const version = rosterVersion.get(orgId) ?? 0;
    const cached = rosters.get(orgId);
    if (cached?.version === version) return cached.employees;
    const unitNames = new Map(prepared('SELECT id, name FROM units WHERE org_id = ?').raw(true).all(orgId) as [number, string][]);
    const rows = prepared('SELECT id, employee_no, display_name, full_name, unit_id, active FROM employees WHERE org_id = ?')
      .raw(true)
      .all(orgId) as [number, string, string, string, number, number][];
    const employees = rows
      .map((r): EmployeeRow => Object.freeze({ id: r[0], employeeNo: r[1], displayName: r[2], fullName: r[3], unitId: r[4], unitName: unitNames.get(r[4]) ?? '', active: r[5] === 1 }))
      // Plain code-unit order, close to SQLite's BINARY collation.
      .sort((a, b) =>
        a.unitName < b.unitName ? -1 : a.unitName > b.unitName ? 1 : a.employeeNo < b.employeeNo ? -1 : a.employeeNo > b.employeeNo ? 1 : 0,
      );
    // Not inside a transaction: it could still roll back and its version number be used again.
    if (!c.inTransaction) {
      rosters.delete(orgId);
      if (rosters.size >= MAX_CACHED_ROSTERS) rosters.delete(rosters.keys().next().value!);
      rosters.set(orgId, { version, employees: Object.freeze(employees) });
    }
    return employees;
  };

  return {
    /**
     * Employees in scope (all of the organization when `unitIds` is undefined), active or not, by
     * unit name and number. The organization's sorted list is kept between calls and checked
     * against its roster version, which triggers bump on every write to its units or employees.
     */
    async employees(orgId: number, unitIds: readonly number[] | undefined): Promise<readonly EmployeeRow[]> {
      const all = roster(orgId);
      if (unitIds === undefined) return all;
      const units = new Set(unitIds);
      return all.filter((e) => units.has(e.unitId));
    },

    /**
     * Summed rollups per employee over [from, to] (local days). Rows are read raw and summed in
     * JavaScript: cheaper than a GROUP BY that sorts through a temporary B-tree.
     */
    async sums(orgId: number, from: string, to: string, employeeIds?: readonly number[], opts: { dims?: boolean } = {}): Promise<Map<number, Sums>> {
      const withDims = opts.dims ?? true;
      const r = rangeFilter(from, to);
      const e = employeeIds ? unitFilter(employeeIds, 'employee_id') : { sql: '1', params: [] as number[] };
      const out = new Map<number, Sums>();
      // SQLite writes the rows as one JSON text (dims is already JSON): a single JSON.parse costs
      // about a quarter less than the driver building 10,000 rows one column at a time.
      const text = prepared(
        `SELECT '[' || group_concat('[' || employee_id || ',' || cards || ',' || person_cards || ',' || overall_sum || ',' ||
                overall_sq_sum || ',' || negatives || ',' || recoveries || ',' || praise${withDims ? " || ',' || dims" : ''} || ']') || ']'
           FROM employee_rollups WHERE org_id = ? AND ${r.sql} AND ${e.sql}`,
      )
        .pluck()
        .get(orgId, ...r.params, ...e.params) as string | null;
      const rows = (text === null ? [] : JSON.parse(text)) as [number, number, number, number, number, number, number, number, DimsJson?][];
      for (const row of rows) {
        const id = row[0];
        const s = out.get(id);
        if (s === undefined) {
          // The usual case for a month, quarter or year: one rollup row per employee.
          out.set(id, {
            cards: row[1],
            personCards: row[2],
            overallSum: row[3],
            overallSqSum: row[4],
            negatives: row[5],
            recoveries: row[6],
            praise: row[7],
            dims: withDims ? addDims({}, row[8]) : {},
          });
          continue;
        }
        s.cards += row[1];
        s.personCards += row[2];
        s.overallSum += row[3];
        s.overallSqSum += row[4];
        s.negatives += row[5];
        s.recoveries += row[6];
        s.praise += row[7];
        if (withDims) addDims(s.dims, row[8]);
      }
      return out;
    },

    /** Weekly sums for one employee (and their unit's members, for the unit mean). */
    async dailySums(orgId: number, from: string, to: string, employeeIds: readonly number[]): Promise<{ employeeId: number; day: string; sums: Omit<Sums, 'dims'> }[]> {
      const e = unitFilter(employeeIds, 'employee_id');
      return (
        prepared(
          `SELECT employee_id AS employeeId, period AS day, cards, person_cards AS personCards, overall_sum AS overallSum,
                  overall_sq_sum AS overallSqSum, negatives, recoveries, praise
             FROM employee_rollups
            WHERE org_id = ? AND grain = 'd' AND period BETWEEN ? AND ? AND ${e.sql}`,
        ).all(orgId, from, to, ...e.params) as ({ employeeId: number; day: string } & Omit<Sums, 'dims'>)[]
      ).map(({ employeeId, day, ...sums }) => ({ employeeId, day, sums }));
    },

    /** Process-related cards per unit: counted per unit, never per person. */
    async unitProcess(orgId: number, from: string, to: string, unitIds: readonly number[] | undefined): Promise<UnitProcess[]> {
      const r = rangeFilter(from, to);
      const u = unitFilter(unitIds, 'r.unit_id');
      return prepared(
        `SELECT r.unit_id AS unitId, un.name AS unitName, SUM(r.cards) AS cards, SUM(r.process_cards) AS processCards,
                SUM(r.process_complaints) AS processComplaints
           FROM unit_rollups r JOIN units un ON un.id = r.unit_id
          WHERE r.org_id = ? AND ${r.sql.replaceAll('grain', 'r.grain').replaceAll('period', 'r.period')} AND ${u.sql}
          GROUP BY r.unit_id ORDER BY un.name`,
      ).all(orgId, ...r.params, ...u.params) as UnitProcess[];
    },

    /** Active (open, acknowledged, coaching planned) coaching flags per employee. */
    async openFlags(orgId: number): Promise<Map<number, number>> {
      const rows = prepared(
        "SELECT employee_id, count(*) FROM flags WHERE org_id = ? AND state IN ('open', 'acknowledged', 'coaching_planned') GROUP BY employee_id",
      )
        .raw(true)
        .all(orgId) as [number, number][];
      return new Map(rows);
    },

    /** Every dimension key of the organization's templates, in first-seen order. */
    async dimensionKeys(orgId: number): Promise<{ key: string; label: { ko: string; en: string } }[]> {
      const seen = new Map<string, { key: string; label: { ko: string; en: string } }>();
      for (const row of dimKeys.all(orgId)) {
        for (const d of JSON.parse(row.dimensions) as { key: string; label: { ko: string; en: string } }[]) {
          if (!seen.has(d.key)) seen.set(d.key, d);
        }
      }
      return [...seen.values()];
    },

    /** The cards and letters behind an employee's numbers in a period (newest first). */
    async evidence(orgId: number, employeeId: number, from: string, to: string, timeZone: string, limit = 200) {
      const start = startOfLocalDay(from, timeZone).getTime();
      const end = startOfLocalDay(addDays(to, 1), timeZone).getTime();
      const cards = c
        .prepare(
          `SELECT cc.id, cc.created_at AS createdAt, cc.overall, cc.ratings, cc.about, cc.had_problem AS hadProblem,
                  cc.problem_resolved AS problemResolved, cc.comment, t.name AS touchpoint
             FROM comment_cards cc JOIN touchpoints t ON t.id = cc.touchpoint_id
            WHERE cc.org_id = ? AND cc.employee_id = ? AND cc.status = 'published' AND cc.created_at >= ? AND cc.created_at < ?
            ORDER BY cc.created_at DESC, cc.id DESC LIMIT ?`,
        )
        .all(orgId, employeeId, start, end, limit) as {
        id: number;
        createdAt: number;
        overall: number;
        ratings: string;
        about: string | null;
        hadProblem: number | null;
        problemResolved: number | null;
        comment: string | null;
        touchpoint: string;
      }[];
      const letters = c
        .prepare(
          `SELECT id, created_at AS createdAt, body, signature FROM praise_letters
            WHERE org_id = ? AND employee_id = ? AND status = 'published' AND created_at >= ? AND created_at < ?
            ORDER BY created_at DESC, id DESC LIMIT ?`,
        )
        .all(orgId, employeeId, start, end, limit) as { id: number; createdAt: number; body: string; signature: string | null }[];
      return { cards, letters };
    },

    // ── snapshots ──

    async findSnapshot(orgId: number, unitId: number, from: string, to: string): Promise<Snapshot | undefined> {
      return c
        .prepare(
          `SELECT id, org_id AS orgId, unit_id AS unitId, period_start AS periodStart, period_end AS periodEnd, csv, json, sha256,
                  last_card_id AS lastCardId, closed_by AS closedBy, closed_at AS closedAt
             FROM appraisal_snapshots WHERE org_id = ? AND unit_id = ? AND period_start = ? AND period_end = ?`,
        )
        .get(orgId, unitId, from, to) as Snapshot | undefined;
    },

    lastCardId(orgId: number): number {
      return (c.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM comment_cards WHERE org_id = ?').get(orgId) as { id: number }).id;
    },

    /** Cards of the period in these units that arrived after the snapshot was closed. */
    async lateCards(orgId: number, unitIds: readonly number[], from: string, to: string, timeZone: string, afterId: number) {
      const start = startOfLocalDay(from, timeZone).getTime();
      const end = startOfLocalDay(addDays(to, 1), timeZone).getTime();
      const u = unitFilter(unitIds, 'e.unit_id');
      return c
        .prepare(
          `SELECT cc.id, cc.employee_id AS employeeId, e.employee_no AS employeeNo, cc.overall, cc.about, cc.created_at AS createdAt
             FROM comment_cards cc JOIN employees e ON e.id = cc.employee_id
            WHERE cc.org_id = ? AND cc.id > ? AND cc.status = 'published' AND cc.created_at >= ? AND cc.created_at < ? AND ${u.sql}
            ORDER BY cc.id`,
        )
        .all(orgId, afterId, start, end, ...u.params) as {
        id: number;
        employeeId: number;
        employeeNo: string;
        overall: number;
        about: string | null;
        createdAt: number;
      }[];
    },
  };
}

export type AppraisalStore = ReturnType<typeof appraisalStore>;

/** Closing a period: the snapshot and its audit entry in one transaction. */
export function snapshotWriter(db: Db) {
  const insert = db.$client.prepare(
    `INSERT INTO appraisal_snapshots (org_id, unit_id, period_start, period_end, csv, json, sha256, last_card_id, closed_by, closed_at)
     VALUES (@orgId, @unitId, @periodStart, @periodEnd, @csv, @json, @sha256, @lastCardId, @closedBy, @closedAt)`,
  );
  return {
    async close(
      snap: Omit<Snapshot, 'id'>,
      audit: (tx: Parameters<Parameters<Db['transaction']>[0]>[0], id: number) => void,
    ): Promise<number> {
      return db.transaction(
        (tx) => {
          const id = Number(insert.run(snap).lastInsertRowid);
          audit(tx, id);
          return id;
        },
        { behavior: 'immediate' },
      );
    },
  };
}
