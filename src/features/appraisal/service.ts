/**
 * The appraisal report: per employee and period, from the rollups, with the previous period of
 * equal length and the change. The supervisor, the admin and the employee all get their
 * numbers from this one function, so they always agree.
 */
import { stringify } from 'csv-stringify/sync';
import type { Scope } from '../auth/scope.ts';
import { previousRange } from './calendar.ts';
import { scoreEmployees, emptySums, DEFAULT_SCORING, type Score, type ScoringOptions } from './scoring.ts';
import type { AppraisalStore, EmployeeRow, UnitProcess } from './store.ts';

export interface ReportRow {
  employee: EmployeeRow;
  score: Score;
  /** Coaching flags not yet resolved or dismissed. */
  openFlags: number;
  previous: Score;
  change: { overallAdjusted: number | null; negativeRate: number | null; personCards: number };
}

export interface Report {
  period: { from: string; to: string };
  previousPeriod: { from: string; to: string };
  dimensions: { key: string; label: { ko: string; en: string } }[];
  rows: ReportRow[];
  units: UnitProcess[];
  scoring: ScoringOptions;
}

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

export async function appraisalReport(
  store: AppraisalStore,
  scope: Scope,
  range: { from: string; to: string },
  opts: { unitIds?: readonly number[] | undefined; employeeId?: number | undefined; scoring?: ScoringOptions } = {},
): Promise<Report> {
  const scoring = opts.scoring ?? DEFAULT_SCORING;
  const unitIds = opts.unitIds ?? scope.unitIds;
  const prev = previousRange(range.from, range.to);
  // Every employee of the units in view: the unit mean needs the whole unit.
  const everyone = await store.employees(scope.orgId, unitIds);
  const [now, before, units, dimensions, flags] = await Promise.all([
    store.sums(scope.orgId, range.from, range.to),
    // The previous period is compared on the overall numbers only: its dimensions are not read.
    store.sums(scope.orgId, prev.from, prev.to, undefined, { dims: false }),
    store.unitProcess(scope.orgId, range.from, range.to, unitIds),
    store.dimensionKeys(scope.orgId),
    store.openFlags(scope.orgId),
  ]);
  const keys = dimensions.map((d) => d.key);
  const listed = everyone.filter((e) => e.active || now.has(e.id));
  const score = (sums: Map<number, ReturnType<typeof emptySums>>, dimensionKeys: string[]) =>
    scoreEmployees(
      everyone.map((e) => ({ employeeId: e.id, unitId: e.unitId, sums: sums.get(e.id) ?? emptySums() })),
      dimensionKeys,
      scoring,
    );
  const nowScores = new Map(score(now, keys).map((s) => [s.employeeId, s]));
  const prevScores = new Map(score(before, []).map((s) => [s.employeeId, s]));
  const rows = listed
    .filter((e) => opts.employeeId === undefined || e.id === opts.employeeId)
    .map((employee): ReportRow => {
      const s = nowScores.get(employee.id)!;
      const p = prevScores.get(employee.id)!;
      return {
        employee,
        score: s,
        openFlags: flags.get(employee.id) ?? 0,
        previous: p,
        change: {
          overallAdjusted: diff(s.overallAdjusted, p.overallAdjusted),
          negativeRate: diff(s.negativeRate, p.negativeRate),
          personCards: s.personCards - p.personCards,
        },
      };
    });
  return { period: range, previousPeriod: prev, dimensions, rows, units, scoring };
}

const round = (x: number | null, digits = 3) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** The JSON shape of one row (API and snapshot). */
export function rowJson(r: ReportRow) {
  const s = r.score;
  return {
    employeeId: r.employee.id,
    employeeNo: r.employee.employeeNo,
    employeeName: r.employee.displayName,
    fullName: r.employee.fullName,
    unitId: r.employee.unitId,
    unit: r.employee.unitName,
    cards: s.cards,
    personCards: s.personCards,
    praiseLetters: s.praiseLetters,
    overallMean: round(s.overallMean),
    overallAdjusted: round(s.overallAdjusted),
    overallCiLow: round(s.overallCiLow),
    overallCiHigh: round(s.overallCiHigh),
    percentileInUnit: round(s.percentileInUnit, 1),
    negativeRate: round(s.negativeRate),
    recoveries: s.recoveries,
    openFlags: r.openFlags,
    insufficientData: s.insufficientData,
    dimensionMeans: Object.fromEntries(Object.entries(s.dimensionMeans).map(([k, v]) => [k, round(v)])),
    previous: {
      personCards: r.previous.personCards,
      overallAdjusted: round(r.previous.overallAdjusted),
      negativeRate: round(r.previous.negativeRate),
    },
    change: {
      overallAdjusted: round(r.change.overallAdjusted),
      negativeRate: round(r.change.negativeRate),
      personCards: r.change.personCards,
    },
  };
}

export function reportJson(report: Report) {
  return {
    period: report.period,
    previousPeriod: report.previousPeriod,
    scoring: report.scoring,
    dimensions: report.dimensions,
    items: report.rows.map(rowJson),
    units: report.units,
  };
}

export const CSV_COLUMNS = [
  'employee_no',
  'employee_name',
  'unit',
  'period_start',
  'period_end',
  'cards',
  'person_cards',
  'praise_letters',
  'overall_mean',
  'overall_adjusted',
  'overall_ci_low',
  'overall_ci_high',
  'percentile_in_unit',
  'negative_rate',
  'recoveries',
  'open_flags',
  'insufficient_data',
] as const;

/** One CSV record per row, in the documented column order (then dim_<key>_mean). */
export function csvHeader(report: Pick<Report, 'dimensions'>): string[] {
  return [...CSV_COLUMNS, ...report.dimensions.map((d) => `dim_${d.key}_mean`)];
}

// Fields are handed to the CSV writer as strings: its number casting is a third of its time.
const r3 = (x: number | null) => (x === null ? '' : String(Math.round(x * 1000) / 1000));
const r1 = (x: number | null) => (x === null ? '' : String(Math.round(x * 10) / 10));

/** One CSV record per row, in the documented column order (then dim_<key>_mean). Same rounding as rowJson. */
export function csvRecord(report: Pick<Report, 'dimensions' | 'period'>, r: ReportRow): string[] {
  const s = r.score;
  const out: string[] = [
    r.employee.employeeNo,
    r.employee.displayName,
    r.employee.unitName,
    report.period.from,
    report.period.to,
    String(s.cards),
    String(s.personCards),
    String(s.praiseLetters),
    r3(s.overallMean),
    r3(s.overallAdjusted),
    r3(s.overallCiLow),
    r3(s.overallCiHigh),
    r1(s.percentileInUnit),
    r3(s.negativeRate),
    String(s.recoveries),
    String(r.openFlags),
    s.insufficientData ? 'true' : 'false',
  ];
  for (const d of report.dimensions) out.push(r3(s.dimensionMeans[d.key] ?? null));
  return out;
}

const CSV_OPTIONS = { record_delimiter: 'windows' as const };
const CHUNK_ROWS = 1000;

/**
 * The CSV in chunks of rows (RFC 4180 quoting by csv-stringify): the header first, then 1,000
 * records at a time — streamed by the endpoint, joined for a frozen snapshot.
 */
export function* csvChunks(report: Pick<Report, 'dimensions' | 'period' | 'rows'>, opts: { bom: boolean }): Generator<string> {
  yield (opts.bom ? '\uFEFF' : '') + stringify([csvHeader(report)], CSV_OPTIONS);
  for (let i = 0; i < report.rows.length; i += CHUNK_ROWS) {
    yield stringify(
      report.rows.slice(i, i + CHUNK_ROWS).map((r) => csvRecord(report, r)),
      CSV_OPTIONS,
    );
  }
}
