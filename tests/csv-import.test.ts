import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_IMPORT_ROWS, parseEmployeeCsv, splitRecords, type ParsedImport } from '../src/features/admin/csv-import.ts';

const units = [
  { id: 1, name: 'Golf Club' },
  { id: 2, name: 'Caddies' },
  { id: 3, name: 'Front Desk' },
  { id: 4, name: 'front desk' },
  { id: 5, name: '프런트' },
];

const HEADER = 'employee_no,display_name,full_name,unit_id';

function ok(result: ParsedImport) {
  if (!result.ok) throw new Error(`expected a parsed file, got ${JSON.stringify(result.issues)}`);
  return result;
}
function fileIssues(result: ParsedImport) {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.issues;
}

describe('splitRecords', () => {
  test('splits at CRLF, LF and CR outside quotes, with the line each record starts on', () => {
    expect(splitRecords('a,b\r\nc,"d\r\ne"\rf\n\ng')).toEqual([
      { line: 1, text: 'a,b' },
      { line: 2, text: 'c,"d\r\ne"' },
      { line: 4, text: 'f' },
      { line: 5, text: '' },
      { line: 6, text: 'g' },
    ]);
  });

  test('a quote inside an unquoted field does not open a quoted field; "" inside one is a quote', () => {
    expect(splitRecords('a,b"c\nd,"e""\nf"\ng')).toEqual([
      { line: 1, text: 'a,b"c' },
      { line: 2, text: 'd,"e""\nf"' },
      { line: 4, text: 'g' },
    ]);
  });

  test('a quoted field never closed is cut at the end of its line and scanning resumes', () => {
    expect(splitRecords('a,"b\nc,d\ne,f')).toEqual([
      { line: 1, text: 'a,"b' },
      { line: 2, text: 'c,d' },
      { line: 3, text: 'e,f' },
    ]);
  });

  test('property: records joined by a line break split back into the same records', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[^",\r\n]{0,6}$/),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replace(/"/g, '""')}"`),
    );
    const record = fc.array(field, { minLength: 1, maxLength: 4 }).map((fs) => fs.join(','));
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (records, eol) => {
        // A lone empty record at the end is a trailing line break, not a record.
        fc.pre(records.at(-1) !== '');
        expect(splitRecords(records.join(eol)).map((r) => r.text)).toEqual(records);
      }),
    );
  });
});

describe('parseEmployeeCsv', () => {
  test('reads a BOM, CRLF, quoted Korean names with commas and "" quotes, and the optional active column', () => {
    const csv =
      '\uFEFFemployee_no,display_name,full_name,unit_id,active\r\n' +
      'C-010,"김, 캐디","김민지 ""MJ""",2,\r\n' +
      'H-010,Lee,이서연,3,no\r\n';
    const r = ok(parseEmployeeCsv(csv, units));
    expect(r.rejected).toEqual([]);
    expect(r.valid).toEqual([
      { line: 2, employeeNo: 'C-010', input: { employeeNo: 'C-010', displayName: '김, 캐디', fullName: '김민지 "MJ"', unitId: 2 } },
      { line: 3, employeeNo: 'H-010', input: { employeeNo: 'H-010', displayName: 'Lee', fullName: '이서연', unitId: 3, active: false } },
    ]);
  });

  test('header names are case-insensitive, spaces and hyphens read as _; blank records are skipped', () => {
    const csv = '\n Employee No ,Display-Name,FULL_NAME,Unit ID\n\nA-1,a,b,1\n,,,\n';
    const r = ok(parseEmployeeCsv(csv, units));
    expect(r.valid.map((v) => [v.line, v.employeeNo])).toEqual([[4, 'A-1']]);
    expect(r.rejected).toEqual([]);
  });

  test('a unit may be given by name instead of id: case-insensitive, NFC, and it must name one unit', () => {
    const nfd = '프런트'.normalize('NFD');
    const csv = `employee_no,display_name,full_name,unit\nA-1,a,b,caddies\nA-2,a,b,Front Desk\nA-3,a,b,${nfd}\nA-4,a,b,Spa\nA-5,a,b,\n`;
    const r = ok(parseEmployeeCsv(csv, units));
    expect(r.valid.map((v) => [v.employeeNo, v.input.unitId])).toEqual([
      ['A-1', 2],
      ['A-3', 5],
    ]);
    expect(r.rejected).toEqual([
      { line: 3, employeeNo: 'A-2', errors: [{ field: 'unit', message: 'names 2 units: use the unit_id column (3, 4)' }] },
      { line: 5, employeeNo: 'A-4', errors: [{ field: 'unit', message: 'is not the name of a unit of this organization' }] },
      { line: 6, employeeNo: 'A-5', errors: [{ field: 'unit', message: 'is required' }] },
    ]);
  });

  test('bad rows are rejected with reasons, each on its own line, and the good rows around them survive', () => {
    const long = 'x'.repeat(51);
    const csv = [
      `${HEADER},active`,
      'A-1,ok,ok,1,', // 2 good
      'A-2,,ok,1,', // 3 missing display name
      `A-3,${long},ok,1,`, // 4 too long
      'A-4,ok,ok,99,', // 5 unit not in the organization
      'A-5,ok,ok,x,', // 6 unit id not a number
      'A-6,ok,ok,1,maybe', // 7 bad active
      'A-7,"bad"quote,ok,1,', // 8 malformed CSV
      'A-8,ok,ok', // 9 too few fields
      'A 9,ok,ok,1,', // 10 space in employee number
      'A-10,"two\nlines",ok,1,', // 11-12 a line break inside a name
      'A-11,b"ad,ok,1,', // 13 quote inside an unquoted field
      'A-12,ok,ok,1,yes', // 14 good
      'A-13,"never closed,ok,1,', // 15 unclosed quote: the rest still reads
      'A-14,ok,ok,2,1', // 16 good
    ].join('\n');
    const r = ok(parseEmployeeCsv(csv, units));
    expect(r.valid.map((v) => [v.line, v.employeeNo])).toEqual([
      [2, 'A-1'],
      [14, 'A-12'],
      [16, 'A-14'],
    ]);
    const byLine = Object.fromEntries(r.rejected.map((x) => [x.line, x]));
    expect(Object.keys(byLine).map(Number)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15]);
    expect(byLine[3]).toEqual({ line: 3, employeeNo: 'A-2', errors: [{ field: 'display_name', message: 'is required' }] });
    expect(byLine[4]!.errors).toEqual([{ field: 'display_name', message: 'must be at most 50 characters' }]);
    expect(byLine[5]!.errors).toEqual([{ field: 'unit_id', message: 'is not a unit of this organization' }]);
    expect(byLine[6]!.errors).toEqual([{ field: 'unit_id', message: 'must be a positive whole number' }]);
    expect(byLine[7]!.errors).toEqual([{ field: 'active', message: expect.stringContaining('true or false') }]);
    expect(byLine[8]!.errors).toEqual([{ field: 'row', message: expect.stringContaining('closing quote') }]);
    expect(byLine[9]!.errors).toEqual([{ field: 'row', message: 'has 3 fields where the header has 5' }]);
    expect(byLine[10]!.errors).toEqual([{ field: 'employee_no', message: 'must not contain spaces or control characters' }]);
    expect(byLine[11]!.errors).toEqual([{ field: 'display_name', message: 'must not contain line breaks or control characters' }]);
    expect(byLine[13]!.errors).toEqual([{ field: 'row', message: expect.stringContaining('quote inside an unquoted field') }]);
    expect(byLine[15]!.errors).toEqual([{ field: 'row', message: 'is not valid CSV: a quoted field is not closed' }]);
  });

  test('an employee_no given twice in the file rejects every occurrence', () => {
    const csv = `${HEADER}\nA-1,a,b,1\nA-2,a,b,1\n A-1 ,c,d,2\nA-1,e,f,99\n`;
    const r = ok(parseEmployeeCsv(csv, units));
    expect(r.valid.map((v) => v.employeeNo)).toEqual(['A-2']);
    expect(r.rejected.map((x) => [x.line, x.errors[0]])).toEqual([
      [2, { field: 'employee_no', message: 'appears more than once in the file (lines 2, 4, 5)' }],
      [4, { field: 'employee_no', message: 'appears more than once in the file (lines 2, 4, 5)' }],
      [5, { field: 'employee_no', message: 'appears more than once in the file (lines 2, 4, 5)' }],
    ]);
    expect(r.rejected[2]!.errors[1]).toEqual({ field: 'unit_id', message: 'is not a unit of this organization' });
  });

  test('names are trimmed and NFC-normalized', () => {
    const csv = `${HEADER}\n  B-1 ,  ${'김민지'.normalize('NFD')}  , x ,1\n`;
    const r = ok(parseEmployeeCsv(csv, units));
    expect(r.valid[0]!.input).toEqual({ employeeNo: 'B-1', displayName: '김민지', fullName: 'x', unitId: 1 });
  });

  test('file-level problems are issues and nothing is read', () => {
    expect(fileIssues(parseEmployeeCsv('', units))).toEqual([{ path: 'header', message: expect.stringContaining('empty') }]);
    expect(fileIssues(parseEmployeeCsv('\uFEFF\r\n\r\n', units))[0]!.path).toBe('header');
    expect(fileIssues(parseEmployeeCsv('employee_no,nick,full_name,unit_id\nA,b,c,1', units))).toEqual([
      { path: 'header.nick', message: expect.stringContaining('not a known column') },
      { path: 'header.display_name', message: 'is a required column' },
    ]);
    expect(fileIssues(parseEmployeeCsv('employee_no,display_name,full_name,unit_id,unit', units))).toEqual([
      { path: 'header.unit', message: 'give either unit_id or unit, not both' },
    ]);
    expect(fileIssues(parseEmployeeCsv('employee_no,display_name,full_name', units))).toEqual([
      { path: 'header.unit_id', message: expect.stringContaining('required column') },
    ]);
    expect(fileIssues(parseEmployeeCsv('employee_no,employee_no,display_name,full_name,unit_id', units))).toEqual([
      { path: 'header.employee_no', message: 'is given twice' },
    ]);
    expect(fileIssues(parseEmployeeCsv('employee_no,"display_name,full_name,unit_id\nA,b,c,1', units))[0]!.path).toBe('header');
  });

  test(`more than ${MAX_IMPORT_ROWS} employees is refused as a whole`, () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `E-${i},a,b,1`);
    expect(fileIssues(parseEmployeeCsv([HEADER, ...rows].join('\n'), units))).toEqual([
      { path: '', message: expect.stringContaining(String(MAX_IMPORT_ROWS)) },
    ]);
    expect(ok(parseEmployeeCsv([HEADER, ...rows.slice(1)].join('\n'), units)).valid).toHaveLength(MAX_IMPORT_ROWS);
  });

  test('a header-only file has nothing to import', () => {
    expect(parseEmployeeCsv(`${HEADER}\r\n`, units)).toEqual({ ok: true, valid: [], rejected: [] });
  });

  test('property: any names written with CSV quoting read back as written, on the right lines', () => {
    const name = fc
      .string({ minLength: 1, maxLength: 20, unit: fc.constantFrom('a', 'Z', '김', ',', '"', ' ', '-', '민', '.') })
      .filter((s) => s.trim().length > 0);
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r'), (names, eol) => {
        const lines = names.map((n, i) => `N-${i},${quote(n)},${quote(n)},1`);
        const r = ok(parseEmployeeCsv([HEADER, ...lines].join(eol) + eol, units));
        expect(r.rejected).toEqual([]);
        expect(r.valid.map((v) => [v.line, v.input.displayName])).toEqual(names.map((n, i) => [i + 2, n.trim()]));
      }),
    );
  });
});
