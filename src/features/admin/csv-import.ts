/**
 * Employee CSV import: parsing and validation only (no database), so it can be tested alone.
 *
 * The file: UTF-8, an optional BOM, comma-separated, RFC 4180 quoting ("…" around a field,
 * "" for a quote inside it), lines ended by CRLF, LF or CR. The first non-blank record is the
 * header; column names are matched case-insensitively, with spaces and hyphens read as `_`:
 *
 *   employee_no, display_name, full_name   required
 *   unit_id  or  unit                      exactly one of them: the unit's id, or its name
 *                                          (case-insensitive; must name exactly one unit)
 *   active                                 optional: true/false, 1/0, yes/no, y/n; blank keeps
 *                                          the current value (new employees are active)
 *
 * Every later record is one employee. A record whose fields are all blank is skipped. A record
 * is rejected, with reasons, when it is malformed CSV, has the wrong number of fields, fails the
 * same validation as the JSON API, names a unit that is not the organization's, or shares its
 * employee_no with another record of the file (all of them are rejected: which one was meant is
 * unknown). Problems with the file as a whole (no header, unknown or missing columns, too many
 * records) are answered as `issues` (path `header.<column>`, `header` or ``) and nothing is
 * imported.
 *
 * csv-parse does the CSV decoding. Record boundaries and line numbers come from a small scanner
 * here, because csv-parse's own line counter counts a CRLF inside a quoted field twice, and its
 * skip-on-error mode loses the good records after a quoting error instead of resuming at the next
 * line. The whole file is parsed by csv-parse in one call; only when that fails (some record is
 * malformed) is each record parsed on its own, so one bad record never hides the others.
 */
import { parse, type CsvError, type Options } from 'csv-parse/sync';
import * as v from 'valibot';
import type { ErrorIssue } from '../../lib/errors.ts';
import { displayName, employeeNo, fullName } from './schemas.ts';

export const MAX_IMPORT_ROWS = 10_000;

export const REQUIRED_COLUMNS = ['employee_no', 'display_name', 'full_name'] as const;
export const UNIT_COLUMNS = ['unit_id', 'unit'] as const;
export const KNOWN_COLUMNS = [...REQUIRED_COLUMNS, ...UNIT_COLUMNS, 'active'] as const;
type Column = (typeof KNOWN_COLUMNS)[number];

export interface ImportUnit {
  id: number;
  name: string;
}

export interface RowError {
  /** A column name (`employee_no`, `unit`, …), or `row` for the record as a whole. */
  field: string;
  message: string;
}

export interface ValidRow {
  line: number;
  employeeNo: string;
  input: { employeeNo: string; displayName: string; fullName: string; unitId: number; active?: boolean };
}

export interface RejectedRow {
  line: number;
  /** As given in the file (trimmed), when it could be read. */
  employeeNo: string | null;
  errors: RowError[];
}

export type ParsedImport = { ok: true; valid: ValidRow[]; rejected: RejectedRow[] } | { ok: false; issues: ErrorIssue[] };

/** Strict RFC 4180 (no trimming around quotes), any line ending, column counts checked here. */
const PARSE_OPTIONS: Options = { record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true };
const parseCsv = (text: string): string[][] => parse(text, PARSE_OPTIONS);

interface RawRecord {
  /** The line where the record starts, 1-based. */
  line: number;
  text: string;
}

/**
 * Splits the text into records at line breaks outside quoted fields (RFC 4180: a quote opens a
 * quoted field only at the start of a field; "" inside one is an escaped quote). A quoted field
 * still open at the end of the text cannot be trusted to end anywhere: its record is cut at the
 * end of its first line (and will be rejected as malformed), and scanning resumes on the next.
 */
export function splitRecords(text: string): RawRecord[] {
  const out: RawRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  const lineBreak = (at: number) => (text[at] === '\r' ? (text[at + 1] === '\n' ? 2 : 1) : text[at] === '\n' ? 1 : 0);
  while (i < n) {
    const start = i;
    const startLine = line;
    let inQuotes = false;
    let fieldStart = true;
    while (i < n) {
      const ch = text[i]!;
      if (inQuotes) {
        if (ch === '"') {
          if (text[i + 1] === '"') i += 2;
          else {
            inQuotes = false;
            i++;
          }
          continue;
        }
        const br = lineBreak(i);
        if (br) {
          line++;
          i += br;
        } else i++;
        continue;
      }
      if (ch === '\r' || ch === '\n') break;
      if (ch === '"' && fieldStart) {
        inQuotes = true;
        fieldStart = false;
      } else fieldStart = ch === ',';
      i++;
    }
    if (inQuotes) {
      // Unclosed quote: take the first line only and resume after it.
      line = startLine;
      i = start;
      while (i < n && !lineBreak(i)) i++;
    }
    out.push({ line: startLine, text: text.slice(start, i) });
    const br = lineBreak(i);
    if (br) {
      i += br;
      line++;
    }
  }
  return out;
}

function csvErrorMessage(err: unknown): string {
  switch ((err as CsvError | undefined)?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'is not valid CSV: a quoted field is not closed';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'is not valid CSV: a closing quote must be followed by a comma or the end of the line (write "" for a quote inside a quoted field)';
    case 'INVALID_OPENING_QUOTE':
      return 'is not valid CSV: a quote inside an unquoted field (put the whole field in quotes and write "" for the quote)';
    default:
      return 'is not valid CSV';
  }
}

type Fields = { ok: true; fields: string[] } | { ok: false; message: string };

/** Parses the records: in one csv-parse call when the file is well-formed, else one by one. */
function parseRecords(records: RawRecord[]): Fields[] {
  try {
    const all = parseCsv(records.map((r) => r.text).join('\n'));
    // An empty record yields no output from csv-parse when it is the last one; otherwise [''].
    if (all.length === records.length || (all.length === records.length - 1 && records.at(-1)!.text === '')) {
      return records.map((_, k) => ({ ok: true, fields: all[k] ?? [''] }));
    }
  } catch {
    // Some record is malformed: parse each alone below.
  }
  return records.map((r): Fields => {
    if (r.text === '') return { ok: true, fields: [''] };
    try {
      const rows = parseCsv(r.text);
      if (rows.length !== 1) return { ok: false, message: 'is not valid CSV' };
      return { ok: true, fields: rows[0]! };
    } catch (err) {
      return { ok: false, message: csvErrorMessage(err) };
    }
  });
}

const normalizeHeader = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');
const unitKey = (s: string) => s.normalize('NFC').trim().toLowerCase();
const isBlank = (fields: string[]) => fields.every((f) => f.trim() === '');

const ACTIVE: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false, y: true, n: false };

const RowSchema = v.object({ employee_no: employeeNo, display_name: displayName, full_name: fullName });

/** Parses and validates an employee CSV against the organization's units. */
export function parseEmployeeCsv(input: string, units: readonly ImportUnit[]): ParsedImport {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records = splitRecords(text);
  const parsed = parseRecords(records);

  // ── header ──
  let h = 0;
  while (h < records.length && parsed[h]!.ok && isBlank((parsed[h] as { fields: string[] }).fields)) h++;
  if (h === records.length) return { ok: false, issues: [{ path: 'header', message: `the file is empty: the first line must name the columns (${KNOWN_COLUMNS.join(', ')})` }] };
  const head = parsed[h]!;
  if (!head.ok) return { ok: false, issues: [{ path: 'header', message: head.message }] };
  const columns = head.fields.map(normalizeHeader);
  const issues: ErrorIssue[] = [];
  const index = new Map<Column, number>();
  columns.forEach((name, k) => {
    if (!(KNOWN_COLUMNS as readonly string[]).includes(name)) {
      issues.push({ path: `header.${head.fields[k]!.trim()}`, message: `is not a known column: the columns are ${KNOWN_COLUMNS.join(', ')}` });
    } else if (index.has(name as Column)) {
      issues.push({ path: `header.${name}`, message: 'is given twice' });
    } else index.set(name as Column, k);
  });
  for (const c of REQUIRED_COLUMNS) if (!index.has(c)) issues.push({ path: `header.${c}`, message: 'is a required column' });
  if (index.has('unit_id') && index.has('unit')) issues.push({ path: 'header.unit', message: 'give either unit_id or unit, not both' });
  if (!index.has('unit_id') && !index.has('unit')) issues.push({ path: 'header.unit_id', message: 'is a required column (or unit, with unit names)' });
  if (issues.length) return { ok: false, issues };

  // ── records ──
  const byId = new Map(units.map((u) => [u.id, u]));
  const byName = new Map<string, ImportUnit[]>();
  for (const u of units) byName.set(unitKey(u.name), [...(byName.get(unitKey(u.name)) ?? []), u]);

  type Checked = { line: number; employeeNo: string | null; errors: RowError[]; input?: ValidRow['input'] };
  const checked: Checked[] = [];
  for (let k = h + 1; k < records.length; k++) {
    const line = records[k]!.line;
    const rec = parsed[k]!;
    if (!rec.ok) {
      checked.push({ line, employeeNo: null, errors: [{ field: 'row', message: rec.message }] });
      continue;
    }
    const fields = rec.fields;
    if (isBlank(fields)) continue;
    if (checked.length >= MAX_IMPORT_ROWS) {
      return { ok: false, issues: [{ path: '', message: `the file has more than ${MAX_IMPORT_ROWS} employees: split it into several imports` }] };
    }
    const get = (c: Column) => {
      const at = index.get(c);
      return at === undefined ? undefined : fields[at];
    };
    const rawNo = get('employee_no')?.trim().normalize('NFC') || null;
    if (fields.length !== columns.length) {
      checked.push({
        line,
        employeeNo: rawNo,
        errors: [{ field: 'row', message: `has ${fields.length} fields where the header has ${columns.length}` }],
      });
      continue;
    }
    const errors: RowError[] = [];
    const result = v.safeParse(RowSchema, { employee_no: get('employee_no'), display_name: get('display_name'), full_name: get('full_name') });
    if (!result.success) {
      for (const issue of result.issues) {
        const field = String(issue.path?.[0]?.key ?? 'row');
        if (!errors.some((e) => e.field === field)) errors.push({ field, message: issue.message });
      }
    }

    let unitId: number | undefined;
    if (index.has('unit_id')) {
      const raw = get('unit_id')!.trim();
      if (raw === '') errors.push({ field: 'unit_id', message: 'is required' });
      else if (!/^[1-9][0-9]{0,15}$/.test(raw)) errors.push({ field: 'unit_id', message: 'must be a positive whole number' });
      else if (!byId.has(Number(raw))) errors.push({ field: 'unit_id', message: 'is not a unit of this organization' });
      else unitId = Number(raw);
    } else {
      const raw = get('unit')!.trim();
      const found = byName.get(unitKey(raw)) ?? [];
      if (raw === '') errors.push({ field: 'unit', message: 'is required' });
      else if (found.length === 0) errors.push({ field: 'unit', message: 'is not the name of a unit of this organization' });
      else if (found.length > 1) errors.push({ field: 'unit', message: `names ${found.length} units: use the unit_id column (${found.map((u) => u.id).join(', ')})` });
      else unitId = found[0]!.id;
    }

    let active: boolean | undefined;
    if (index.has('active')) {
      const raw = get('active')!.trim().toLowerCase();
      if (raw !== '') {
        active = ACTIVE[raw];
        if (active === undefined) errors.push({ field: 'active', message: 'must be true or false (or 1/0, yes/no), or blank' });
      }
    }

    if (errors.length || !result.success || unitId === undefined) {
      checked.push({ line, employeeNo: rawNo, errors });
      continue;
    }
    checked.push({
      line,
      employeeNo: result.output.employee_no,
      errors: [],
      input: {
        employeeNo: result.output.employee_no,
        displayName: result.output.display_name,
        fullName: result.output.full_name,
        unitId,
        ...(active === undefined ? {} : { active }),
      },
    });
  }

  // ── duplicate employee numbers within the file: every occurrence is rejected ──
  const lines = new Map<string, number[]>();
  for (const c of checked) if (c.employeeNo !== null) lines.set(c.employeeNo, [...(lines.get(c.employeeNo) ?? []), c.line]);
  for (const c of checked) {
    const at = c.employeeNo === null ? [] : lines.get(c.employeeNo)!;
    if (at.length > 1) {
      c.errors.unshift({ field: 'employee_no', message: `appears more than once in the file (lines ${at.join(', ')})` });
      delete c.input;
    }
  }

  const valid: ValidRow[] = [];
  const rejected: RejectedRow[] = [];
  for (const c of checked) {
    if (c.input && c.errors.length === 0) valid.push({ line: c.line, employeeNo: c.input.employeeNo, input: c.input });
    else rejected.push({ line: c.line, employeeNo: c.employeeNo, errors: c.errors });
  }
  return { ok: true, valid, rejected };
}
