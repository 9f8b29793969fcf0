/**
 * The appraisal report: per employee and period, from the rollups, with the previous period of
 * equal length and the change. The supervisor, the admin and the employee all get their
 * numbers from this one function, so they always agree.
 */
import { csvFormatRow } from 'd3-dsv';
import type { Scope } from '../auth/scope.ts';
import { previousRange } from './calendar.ts';
import { scoreEmployees, emptySums, DEFAULT_SCORING, type Score, type ScoringOptions, type Sums } from './scoring.ts';
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

/** The sums of an employee without cards in the period (scoring only reads them). */
const NO_SUMS: Readonly<Sums> = Object.freeze(emptySums());

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
  // Scores come back in the order of `everyone`, so rows are matched by position.
  const score = (sums: Map<number, Sums>, dimensionKeys: string[]) =>
    scoreEmployees(
      everyone.map((e) => ({ employeeId: e.id, unitId: e.unitId, sums: sums.get(e.id) ?? NO_SUMS })),
      dimensionKeys,
      scoring,
    );
  const nowScores = score(now, keys);
  const prevScores = score(before, []);
  const rows: ReportRow[] = [];
  everyone.forEach((employee, i) => {
    // Inactive employees are listed only for a period in which they have cards.
    if (!employee.active && !now.has(employee.id)) return;
    if (opts.employeeId !== undefined && employee.id !== opts.employeeId) return;
    const s = nowScores[i]!;
    const p = prevScores[i]!;
    rows.push({
      employee,
      score: s,
      openFlags: flags.get(employee.id) ?? 0,
      previous: p,
      change: {
        overallAdjusted: diff(s.overallAdjusted, p.overallAdjusted),
        negativeRate: diff(s.negativeRate, p.negativeRate),
        personCards: s.personCards - p.personCards,
      },
    });
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

type CsvField = string | number | boolean | null;

/**
 * Text a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading
 * apostrophe, as OWASP advises for CSV files opened in Excel. Only names are text; numbers are
 * never touched.
 */
const defuse = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** One CSV record per row, in the documented column order (then dim_<key>_mean). Same rounding as rowJson. */
export function csvRecord(report: Pick<Report, 'dimensions' | 'period'>, r: ReportRow): CsvField[] {
  const s = r.score;
  const out: CsvField[] = [
    defuse(r.employee.employeeNo),
    defuse(r.employee.displayName),
    defuse(r.employee.unitName),
    report.period.from,
    report.period.to,
    s.cards,
    s.personCards,
    s.praiseLetters,
    round(s.overallMean),
    round(s.overallAdjusted),
    round(s.overallCiLow),
    round(s.overallCiHigh),
    round(s.percentileInUnit, 1),
    round(s.negativeRate),
    s.recoveries,
    r.openFlags,
    s.insufficientData,
  ];
  for (const d of report.dimensions) out.push(round(s.dimensionMeans[d.key] ?? null));
  return out;
}

/** RFC 4180 records end with CRLF. */
const CRLF = '\r\n';
const CHUNK_ROWS = 1000;

/**
 * The CSV in chunks of rows: the header first, then 1,000 records at a time — streamed by the
 * endpoint, joined for a frozen snapshot. d3-dsv writes each record: a field with a comma, a
 * quote, CR or LF is quoted and its quotes doubled (RFC 4180); null is an empty field.
 */
export function* csvChunks(report: Pick<Report, 'dimensions' | 'period' | 'rows'>, opts: { bom: boolean }): Generator<string> {
  yield (opts.bom ? '\uFEFF' : '') + csvFormatRow(csvHeader(report)) + CRLF;
  for (let i = 0; i < report.rows.length; i += CHUNK_ROWS) {
    let chunk = '';
    // d3-dsv writes numbers and booleans with String() and null as an empty field; its types say strings only.
    for (const r of report.rows.slice(i, i + CHUNK_ROWS)) chunk += csvFormatRow(csvRecord(report, r) as string[]) + CRLF;
    yield chunk;
  }
}
