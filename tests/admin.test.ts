import { beforeEach, describe, expect, test } from 'vitest';
import { createStores } from '../src/app.ts';
import { adminOperations } from '../src/features/admin/openapi.ts';
import { adminRoutes } from '../src/features/admin/routes.ts';
import { buildOpenApi } from '../src/features/openapi/spec.ts';
import { makeFixture, PASSWORD, postJson, type Fixture } from './support/fixture.ts';

let f: Fixture;
beforeEach(async () => {
  f = await makeFixture();
});

type User = Fixture['users'][keyof Fixture['users']];
type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
type Emp = { id: number; employeeNo: string; displayName: string; fullName: string; unitId: number; active: boolean };
type AuditItem = { id: number; actorUserId: number; action: string; entity: string; entityId: string | null; before: any; after: any; createdAt: string };

const get = async (path: string, user?: User) => f.app.request(path, { headers: user ? await f.as(user) : {} });
const send = async (method: string, path: string, body: unknown, user?: User) =>
  f.app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...(user ? await f.as(user) : {}) },
    body: JSON.stringify(body),
  });
const postCsv = async (csv: string | Uint8Array, user: User = f.users.admin, type = 'text/csv; charset=utf-8') =>
  f.app.request('/api/v1/employees/import', { method: 'POST', headers: { 'content-type': type, ...(await f.as(user)) }, body: csv });

async function json<T = any>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body.error;
}
const issuePaths = (e: ErrorBody['error']) => (e.issues ?? []).map((i) => i.path).sort();

const login = (email: string, password: string) =>
  f.app.request(
    '/api/v1/auth/login',
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ org: 'hanbit', email, password }) },
    { incoming: { socket: { remoteAddress: '10.0.0.9' } } },
  );

const auditRows = () => f.db.$client.prepare('SELECT * FROM audit_log ORDER BY id').all() as { action: string; org_id: number }[];
const employeeRow = (id: number) => f.db.$client.prepare('SELECT * FROM employees WHERE id = ?').get(id) as Record<string, unknown>;
const employeeNos = () => (f.db.$client.prepare('SELECT employee_no AS n FROM employees WHERE org_id = ? ORDER BY id').all(f.org.id) as { n: string }[]).map((r) => r.n);

async function auditItems(user: User = f.users.admin, query = '') {
  return (await json<{ items: AuditItem[]; nextCursor: number | null }>(await get(`/api/v1/audit${query}`, user), 200));
}

// ───────────────────────────── access ─────────────────────────────

describe('who may use the administration API', () => {
  const reads = ['/api/v1/units', '/api/v1/employees', '/api/v1/templates'];
  const adminOnly = ['/api/v1/users', '/api/v1/audit'];

  test('anonymous callers get 401 everywhere', async () => {
    for (const path of [...reads, ...adminOnly]) await expectError(await get(path), 401, 'unauthorized');
    await expectError(await send('POST', '/api/v1/employees', { employeeNo: 'x' }), 401, 'unauthorized');
    await expectError(await f.app.request('/api/v1/employees/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a' }), 401, 'unauthorized');
  });

  test('staff get 403 everywhere; supervisors may read but never write', async () => {
    for (const path of [...reads, ...adminOnly]) await expectError(await get(path, f.users.staffKim), 403, 'forbidden');
    for (const path of reads) expect((await get(path, f.users.supervisorDesk)).status).toBe(200);
    for (const path of adminOnly) await expectError(await get(path, f.users.supervisorDesk), 403, 'forbidden');
    const writes: [string, string, unknown][] = [
      ['POST', '/api/v1/units', { name: 'Spa', kind: 'property' }],
      ['PATCH', `/api/v1/units/${f.units.desk.id}`, { name: 'Desk' }],
      ['POST', '/api/v1/employees', { employeeNo: 'H-9', displayName: 'x', fullName: 'x', unitId: f.units.desk.id }],
      ['PATCH', `/api/v1/employees/${f.employees.lee.id}`, { displayName: 'x' }],
      ['POST', `/api/v1/employees/${f.employees.lee.id}/deactivate`, {}],
      ['POST', '/api/v1/templates', { name: 't', dimensions: [] }],
      ['POST', '/api/v1/users', { email: 'a@b.example', password: 'long enough pw', role: 'admin' }],
      ['POST', `/api/v1/users/${f.users.staffLee.id}/reset-password`, {}],
      ['POST', `/api/v1/users/${f.users.staffLee.id}/deactivate`, {}],
    ];
    for (const user of [f.users.supervisorDesk, f.users.staffLee]) {
      for (const [method, path, body] of writes) await expectError(await send(method, path, body, user), 403, 'forbidden');
      await expectError(await postCsv(`employee_no,display_name,full_name,unit_id\nH-9,x,x,${f.units.desk.id}`, user), 403, 'forbidden');
    }
    expect(f.count('audit_log')).toBe(0);
    expect(employeeRow(f.employees.lee.id)).toMatchObject({ display_name: 'Lee', active: 1 });
  });
});

// ───────────────────────────── units ─────────────────────────────

describe('units', () => {
  test('admins list every unit of their organization; supervisors their subtree', async () => {
    const { units: u } = f;
    const all = await json<{ items: unknown[] }>(await get('/api/v1/units', f.users.admin), 200);
    expect(all.items).toEqual([
      { id: u.golf.id, name: 'Golf Club', kind: 'property', parentId: null },
      { id: u.caddies.id, name: 'Caddies', kind: 'department', parentId: u.golf.id },
      { id: u.hotel.id, name: 'Hotel', kind: 'property', parentId: null },
      { id: u.desk.id, name: 'Front Desk', kind: 'department', parentId: u.hotel.id },
    ]);
    const golf = await json<{ items: { id: number }[] }>(await get('/api/v1/units', f.users.supervisorGolf), 200);
    expect(golf.items.map((x) => x.id)).toEqual([u.golf.id, u.caddies.id]);
    const desk = await json<{ items: { id: number }[] }>(await get('/api/v1/units', f.users.supervisorDesk), 200);
    expect(desk.items.map((x) => x.id)).toEqual([u.desk.id]);
    const other = await json<{ items: { id: number }[] }>(await get('/api/v1/units', f.users.otherAdmin), 200);
    expect(other.items.map((x) => x.id)).toEqual([f.other.unit.id]);
  });

  test('an admin creates a unit (201, audited); it appears in the list', async () => {
    const res = await send('POST', '/api/v1/units', { name: ' Spa ', kind: 'department', parentId: f.units.hotel.id }, f.users.admin);
    const unit = await json<{ id: number }>(res, 201);
    expect(unit).toEqual({ id: expect.any(Number), name: 'Spa', kind: 'department', parentId: f.units.hotel.id });
    const root = await json(await send('POST', '/api/v1/units', { name: 'Marina', kind: 'property' }, f.users.admin), 201);
    expect(root).toMatchObject({ parentId: null });
    const list = await json<{ items: { id: number }[] }>(await get('/api/v1/units', f.users.admin), 200);
    expect(list.items.map((x) => x.id)).toContain(unit.id);
    const { items } = await auditItems();
    expect(items.map((e) => e.action)).toEqual(['unit.create', 'unit.create']);
    expect(items[1]).toMatchObject({ entity: 'unit', entityId: String(unit.id), actorUserId: f.users.admin.id, before: null, after: unit });
  });

  test('bad unit bodies are 400 with issues and store nothing', async () => {
    const before = f.count('units');
    const e1 = await expectError(await send('POST', '/api/v1/units', { name: '', kind: 'floor', extra: 1 }, f.users.admin), 400, 'invalid_body');
    expect(issuePaths(e1)).toEqual(['extra', 'kind', 'name']);
    const e2 = await expectError(await send('POST', '/api/v1/units', { name: 'x', kind: 'team', parentId: f.other.unit.id }, f.users.admin), 400, 'invalid_body');
    expect(e2.issues).toEqual([{ path: 'parentId', message: 'is not a unit of this organization' }]);
    await expectError(await f.app.request('/api/v1/units', { method: 'POST', headers: await f.as(f.users.admin), body: 'name=x' }), 415, 'unsupported_media_type');
    // Valid JSON that is not an object.
    await expectError(await send('POST', '/api/v1/units', 'Spa', f.users.admin), 400, 'invalid_body');
    const malformed = await f.app.request('/api/v1/units', { method: 'POST', headers: { 'content-type': 'application/json', ...(await f.as(f.users.admin)) }, body: '{"name":' });
    await expectError(malformed, 400, 'malformed_json');
    expect(f.count('units')).toBe(before);
    expect(f.count('audit_log')).toBe(0);
  });

  test('PATCH renames and moves a unit, with before/after in the audit log', async () => {
    const { units: u } = f;
    const res = await send('PATCH', `/api/v1/units/${u.caddies.id}`, { name: 'Caddie Team', parentId: u.hotel.id }, f.users.admin);
    expect(await json(res, 200)).toEqual({ id: u.caddies.id, name: 'Caddie Team', kind: 'department', parentId: u.hotel.id });
    // The golf supervisor no longer sees the caddies (scope follows the tree at once).
    const golf = await json<{ items: { id: number }[] }>(await get('/api/v1/units', f.users.supervisorGolf), 200);
    expect(golf.items.map((x) => x.id)).toEqual([u.golf.id]);
    const toRoot = await json(await send('PATCH', `/api/v1/units/${u.caddies.id}`, { parentId: null }, f.users.admin), 200);
    expect(toRoot).toMatchObject({ parentId: null, name: 'Caddie Team' });
    // Nothing changes: nothing is written or audited.
    await json(await send('PATCH', `/api/v1/units/${u.caddies.id}`, { name: 'Caddie Team' }, f.users.admin), 200);
    const { items } = await auditItems();
    expect(items.map((e) => [e.action, e.before, e.after])).toEqual([
      ['unit.update', { id: u.caddies.id, name: 'Caddie Team', kind: 'department', parentId: u.hotel.id }, { id: u.caddies.id, name: 'Caddie Team', kind: 'department', parentId: null }],
      ['unit.update', { id: u.caddies.id, name: 'Caddies', kind: 'department', parentId: u.golf.id }, { id: u.caddies.id, name: 'Caddie Team', kind: 'department', parentId: u.hotel.id }],
    ]);
  });

  test('a move that would make a cycle is refused with 400 on parentId', async () => {
    const { units: u } = f;
    const team = await json<{ id: number }>(await send('POST', '/api/v1/units', { name: 'Night', kind: 'team', parentId: u.desk.id }, f.users.admin), 201);
    const auditBefore = f.count('audit_log');
    for (const parentId of [u.hotel.id, u.desk.id, team.id]) {
      const e = await expectError(await send('PATCH', `/api/v1/units/${u.hotel.id}`, { parentId }, f.users.admin), 400, 'invalid_body');
      expect(issuePaths(e)).toEqual(['parentId']);
    }
    const e = await expectError(await send('PATCH', `/api/v1/units/${u.hotel.id}`, { parentId: f.other.unit.id }, f.users.admin), 400, 'invalid_body');
    expect(e.issues).toEqual([{ path: 'parentId', message: 'is not a unit of this organization' }]);
    expect(f.db.$client.prepare('SELECT parent_id FROM units WHERE id = ?').get(u.hotel.id)).toEqual({ parent_id: null });
    expect(f.count('audit_log')).toBe(auditBefore);
  });

  test('another organization’s unit, or a bad id, is 404', async () => {
    await expectError(await send('PATCH', `/api/v1/units/${f.units.desk.id}`, { name: 'Taken' }, f.users.otherAdmin), 404, 'not_found');
    await expectError(await send('PATCH', '/api/v1/units/abc', { name: 'x' }, f.users.admin), 404, 'not_found');
    await expectError(await send('PATCH', '/api/v1/units/999999', { name: 'x' }, f.users.admin), 404, 'not_found');
    expect(f.db.$client.prepare('SELECT name FROM units WHERE id = ?').get(f.units.desk.id)).toEqual({ name: 'Front Desk' });
  });
});

// ───────────────────────────── employees ─────────────────────────────

describe('employees', () => {
  const ids = (items: Emp[]) => items.map((e) => e.id);

  test('admins list every employee, filtered by unit subtree and active', async () => {
    const { kim, lee, park, gone } = f.employees;
    const all = await json<{ items: Emp[] }>(await get('/api/v1/employees', f.users.admin), 200);
    expect(all.items[0]).toEqual({ id: kim.id, employeeNo: 'C-001', displayName: '김캐디', fullName: '김민지', unitId: f.units.caddies.id, active: true });
    expect(ids(all.items)).toEqual([kim.id, lee.id, park.id, gone.id]);
    expect(ids((await json<{ items: Emp[] }>(await get(`/api/v1/employees?unit=${f.units.hotel.id}`, f.users.admin), 200)).items)).toEqual([lee.id, park.id, gone.id]);
    expect(ids((await json<{ items: Emp[] }>(await get(`/api/v1/employees?unit=${f.units.golf.id}&active=true`, f.users.admin), 200)).items)).toEqual([kim.id]);
    expect(ids((await json<{ items: Emp[] }>(await get('/api/v1/employees?active=false', f.users.admin), 200)).items)).toEqual([gone.id]);
    const bad = await expectError(await get('/api/v1/employees?active=yes&unit=-1', f.users.admin), 400, 'invalid_query');
    expect(issuePaths(bad)).toEqual(['active', 'unit']);
    await expectError(await get(`/api/v1/employees?unit=${f.other.unit.id}`, f.users.admin), 404, 'not_found');
  });

  test('supervisors see only their units: the desk lead sees lee, park and gone but not kim', async () => {
    const { kim, lee, park, gone } = f.employees;
    const desk = await json<{ items: Emp[] }>(await get('/api/v1/employees', f.users.supervisorDesk), 200);
    expect(ids(desk.items)).toEqual([lee.id, park.id, gone.id]);
    await expectError(await get(`/api/v1/employees/${kim.id}`, f.users.supervisorDesk), 404, 'not_found');
    expect(await json(await get(`/api/v1/employees/${lee.id}`, f.users.supervisorDesk), 200)).toMatchObject({ id: lee.id, employeeNo: 'H-001' });
    await expectError(await get(`/api/v1/employees?unit=${f.units.golf.id}`, f.users.supervisorDesk), 404, 'not_found');
    await expectError(await get(`/api/v1/employees?unit=${f.units.hotel.id}`, f.users.supervisorDesk), 404, 'not_found');
    const golf = await json<{ items: Emp[] }>(await get('/api/v1/employees', f.users.supervisorGolf), 200);
    expect(ids(golf.items)).toEqual([kim.id]);
    expect(ids((await json<{ items: Emp[] }>(await get(`/api/v1/employees?unit=${f.units.caddies.id}`, f.users.supervisorGolf), 200)).items)).toEqual([kim.id]);
  });

  test('another organization’s admin gets 404 for this organization’s employees and changes nothing', async () => {
    const { kim } = f.employees;
    const other = f.users.otherAdmin;
    await expectError(await get(`/api/v1/employees/${kim.id}`, other), 404, 'not_found');
    await expectError(await send('PATCH', `/api/v1/employees/${kim.id}`, { displayName: 'Stolen' }, other), 404, 'not_found');
    await expectError(await send('POST', `/api/v1/employees/${kim.id}/deactivate`, {}, other), 404, 'not_found');
    const list = await json<{ items: Emp[] }>(await get('/api/v1/employees', other), 200);
    expect(ids(list.items)).toEqual([f.other.employee.id]);
    expect(employeeRow(kim.id)).toMatchObject({ display_name: '김캐디', active: 1 });
    expect(f.count('audit_log')).toBe(0);
  });

  test('an admin creates an employee (201, audited); a number in use is 409 on employeeNo', async () => {
    const body = { employeeNo: 'H-010', displayName: ' 민수 ', fullName: '정민수', unitId: f.units.desk.id };
    const created = await json<Emp>(await send('POST', '/api/v1/employees', body, f.users.admin), 201);
    expect(created).toEqual({ id: expect.any(Number), employeeNo: 'H-010', displayName: '민수', fullName: '정민수', unitId: f.units.desk.id, active: true });
    expect(await json(await get(`/api/v1/employees/${created.id}`, f.users.supervisorDesk), 200)).toEqual(created);
    const dup = await expectError(await send('POST', '/api/v1/employees', { ...body, displayName: 'Other' }, f.users.admin), 409, 'conflict');
    expect(dup.issues).toEqual([{ path: 'employeeNo', message: expect.any(String) }]);
    // The same number in another organization is fine.
    await json(await send('POST', '/api/v1/employees', { ...body, unitId: f.other.unit.id }, f.users.otherAdmin), 201);
    const { items } = await auditItems();
    expect(items).toEqual([expect.objectContaining({ action: 'employee.create', entity: 'employee', entityId: String(created.id), before: null, after: created })]);
  });

  test('bad employee bodies are 400 with issues and store nothing', async () => {
    const before = f.count('employees');
    const e1 = await expectError(
      await send('POST', '/api/v1/employees', { employeeNo: 'A B', displayName: '', fullName: 'x'.repeat(101), unitId: 'desk', active: true }, f.users.admin),
      400,
      'invalid_body',
    );
    expect(issuePaths(e1)).toEqual(['active', 'displayName', 'employeeNo', 'fullName', 'unitId']);
    const e2 = await expectError(await send('POST', '/api/v1/employees', { employeeNo: 'H-9', displayName: 'a', fullName: 'b', unitId: f.other.unit.id }, f.users.admin), 400, 'invalid_body');
    expect(e2.issues).toEqual([{ path: 'unitId', message: 'is not a unit of this organization' }]);
    const e3 = await expectError(await send('PATCH', `/api/v1/employees/${f.employees.lee.id}`, { employeeNo: 'H-999', active: 'no' }, f.users.admin), 400, 'invalid_body');
    expect(issuePaths(e3)).toEqual(['active', 'employeeNo']);
    const e4 = await expectError(await send('PATCH', `/api/v1/employees/${f.employees.lee.id}`, { unitId: f.other.unit.id }, f.users.admin), 400, 'invalid_body');
    expect(issuePaths(e4)).toEqual(['unitId']);
    const e5 = await expectError(await send('PATCH', `/api/v1/employees/${f.employees.lee.id}`, { displayName: 'a\nb' }, f.users.admin), 400, 'invalid_body');
    expect(issuePaths(e5)).toEqual(['displayName']);
    expect(f.count('employees')).toBe(before);
    expect(employeeRow(f.employees.lee.id)).toMatchObject({ display_name: 'Lee', unit_id: f.units.desk.id, employee_no: 'H-001' });
    expect(f.count('audit_log')).toBe(0);
  });

  test('PATCH and deactivate change the employee and record before/after; a no-op writes nothing', async () => {
    const { lee } = f.employees;
    const patched = await json<Emp>(await send('PATCH', `/api/v1/employees/${lee.id}`, { displayName: 'Seoyeon', unitId: f.units.caddies.id }, f.users.admin), 200);
    expect(patched).toMatchObject({ id: lee.id, displayName: 'Seoyeon', fullName: '이서연', unitId: f.units.caddies.id, active: true });
    // Moved out of the desk: the desk lead no longer sees her.
    await expectError(await get(`/api/v1/employees/${lee.id}`, f.users.supervisorDesk), 404, 'not_found');
    await json(await send('PATCH', `/api/v1/employees/${lee.id}`, { displayName: 'Seoyeon' }, f.users.admin), 200);
    await json(await send('PATCH', `/api/v1/employees/${lee.id}`, {}, f.users.admin), 200);
    const deactivated = await json<Emp>(await f.app.request(`/api/v1/employees/${lee.id}/deactivate`, { method: 'POST', headers: await f.as(f.users.admin) }), 200);
    expect(deactivated.active).toBe(false);
    // Customers can no longer pick her.
    expect(await f.stores.employees.listActiveInUnit(f.org.id, f.units.golf.id)).toEqual([{ id: f.employees.kim.id, displayName: '김캐디' }]);
    const { items } = await auditItems();
    expect(items.map((e) => e.action)).toEqual(['employee.deactivate', 'employee.update']);
    expect(items[1]!.before).toMatchObject({ displayName: 'Lee', unitId: f.units.desk.id });
    expect(items[1]!.after).toMatchObject({ displayName: 'Seoyeon', unitId: f.units.caddies.id });
    expect(items[0]).toMatchObject({ before: { active: true }, after: { active: false }, entityId: String(lee.id) });
    // Deactivating again changes nothing and audits nothing.
    await json(await send('POST', `/api/v1/employees/${lee.id}/deactivate`, {}, f.users.admin), 200);
    expect(f.count('audit_log')).toBe(2);
  });
});

// ───────────────────────────── audit: same transaction ─────────────────────────────

describe('audit log', () => {
  test('every write appears once, newest first, with actor, time and before/after; pages with a cursor', async () => {
    const a = f.users.admin;
    const writes = [
      () => send('POST', '/api/v1/units', { name: 'Spa', kind: 'property' }, a),
      () => send('PATCH', `/api/v1/units/${f.units.desk.id}`, { name: 'Reception' }, a),
      () => send('POST', '/api/v1/employees', { employeeNo: 'S-1', displayName: 'a', fullName: 'b', unitId: f.units.desk.id }, a),
      () => send('PATCH', `/api/v1/employees/${f.employees.park.id}`, { fullName: '박준호 (Park)' }, a),
      () => send('POST', `/api/v1/employees/${f.employees.park.id}/deactivate`, {}, a),
      () => send('POST', '/api/v1/templates', { name: 'standard', dimensions: [{ key: 'care', label: { ko: '배려', en: 'Care' } }] }, a),
      () => send('POST', '/api/v1/users', { email: 'new.lead@hanbit.example', password: 'a long password', role: 'supervisor', unitIds: [f.units.hotel.id] }, a),
      () => send('POST', `/api/v1/users/${f.users.staffLee.id}/reset-password`, { password: 'another long password' }, a),
      () => send('POST', `/api/v1/users/${f.users.staffKim.id}/deactivate`, {}, a),
    ];
    for (const w of writes) expect((await w()).status).toBeLessThan(300);
    expect(f.count('audit_log')).toBe(writes.length);

    const all = await auditItems(a, '?limit=200');
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((e) => e.action)).toEqual([
      'user.deactivate',
      'user.reset_password',
      'user.create',
      'template.create_version',
      'employee.deactivate',
      'employee.update',
      'employee.create',
      'unit.update',
      'unit.create',
    ]);
    for (const e of all.items) {
      expect(e.actorUserId).toBe(a.id);
      expect(e.createdAt).toBe('2026-11-20T03:00:00.000Z');
    }
    const reset = all.items.find((e) => e.action === 'user.reset_password')!;
    expect(JSON.stringify(reset)).not.toContain('another long password');
    const created = all.items.find((e) => e.action === 'user.create')!;
    expect(JSON.stringify(created.after)).not.toMatch(/passwordHash|scrypt/);
    expect(all.items.find((e) => e.action === 'unit.update')).toMatchObject({ before: { name: 'Front Desk' }, after: { name: 'Reception' } });

    // Pages of 4, following nextCursor.
    const seen: number[] = [];
    let cursor: number | null = null;
    do {
      const page: { items: AuditItem[]; nextCursor: number | null } = await auditItems(a, `?limit=4${cursor ? `&before=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(4);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((e) => e.id));

    // Scoped to the organization.
    expect((await auditItems(f.users.otherAdmin)).items).toEqual([]);
    const bad = await expectError(await get('/api/v1/audit?limit=0&before=x', a), 400, 'invalid_query');
    expect(issuePaths(bad)).toEqual(['before', 'limit']);
    await expectError(await get('/api/v1/audit?limit=201', a), 400, 'invalid_query');
  });

  test('the audit entry is written in the same transaction: when it fails, the change is rolled back', async () => {
    f.db.$client.exec(`CREATE TEMP TRIGGER audit_fails BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit down'); END;`);
    const { lee } = f.employees;
    await expectError(await send('PATCH', `/api/v1/employees/${lee.id}`, { displayName: 'Ghost' }, f.users.admin), 500, 'internal');
    await expectError(await send('POST', '/api/v1/employees', { employeeNo: 'G-1', displayName: 'a', fullName: 'b', unitId: f.units.desk.id }, f.users.admin), 500, 'internal');
    await expectError(await send('POST', '/api/v1/units', { name: 'Ghost', kind: 'property' }, f.users.admin), 500, 'internal');
    await expectError(await send('POST', `/api/v1/users/${f.users.staffLee.id}/deactivate`, {}, f.users.admin), 500, 'internal');
    const csv = `employee_no,display_name,full_name,unit_id\nG-2,a,b,${f.units.desk.id}\nH-002,Parky,박준호,${f.units.desk.id}\n`;
    await expectError(await postCsv(csv), 500, 'internal');
    expect(employeeRow(lee.id)).toMatchObject({ display_name: 'Lee' });
    expect(employeeNos()).toEqual(['C-001', 'H-001', 'H-002', 'H-003']);
    expect(employeeRow(f.employees.park.id)).toMatchObject({ display_name: 'Park' });
    expect(f.count('units')).toBe(5);
    expect((f.db.$client.prepare('SELECT active FROM users WHERE id = ?').get(f.users.staffLee.id) as { active: number }).active).toBe(1);
    expect(f.errors).toHaveLength(5);
  });

  test('and when the change fails midway, no audit entry remains', async () => {
    // The import's second new employee fails after the first was inserted and audited.
    f.db.$client.exec(`CREATE TEMP TRIGGER boom BEFORE INSERT ON employees WHEN NEW.employee_no = 'BOOM' BEGIN SELECT RAISE(ABORT, 'boom'); END;`);
    const csv = `employee_no,display_name,full_name,unit_id\nOK-1,a,b,${f.units.desk.id}\nH-001,Leah,이서연,${f.units.desk.id}\nBOOM,a,b,${f.units.desk.id}\n`;
    await expectError(await postCsv(csv), 500, 'internal');
    expect(f.count('audit_log')).toBe(0);
    expect(employeeNos()).toEqual(['C-001', 'H-001', 'H-002', 'H-003']);
    expect(employeeRow(f.employees.lee.id)).toMatchObject({ display_name: 'Lee' });
  });
});

// ───────────────────────────── CSV import ─────────────────────────────

describe('CSV import', () => {
  type Report = {
    created: number;
    updated: number;
    unchanged: number;
    rejected: number;
    rows: { line: number; employeeNo: string | null; status: string; employeeId?: number; errors?: { field: string; message: string }[] }[];
  };

  test('creates, updates, leaves unchanged and rejects rows, reporting each; rejected rows store nothing', async () => {
    const { caddies, desk } = f.units;
    const csv =
      '\uFEFFemployee_no,display_name,full_name,unit_id,active\r\n' +
      `C-002,"박, 캐디","박서준, Jr.",${caddies.id},\r\n` + // 2 created: Korean names with commas inside quotes
      `H-001,Seoyeon,이서연,${desk.id},\r\n` + // 3 updated (display name)
      `H-002,Park,박준호,${desk.id},\r\n` + // 4 unchanged
      `H-003,Gone,최퇴사,${desk.id},true\r\n` + // 5 updated (reactivated)
      `C-003,,이름없음,${caddies.id},\r\n` + // 6 rejected: display name missing
      `C-004,Stranger,Stranger,${f.other.unit.id},\r\n` + // 7 rejected: unit of another organization
      `C-005,${'가'.repeat(51)},x,${caddies.id},\r\n` + // 8 rejected: too long
      `D-1,a,b,${caddies.id},\r\n` + // 9 rejected: duplicate in file
      `D-1,c,d,${desk.id},\r\n` + // 10 rejected: duplicate in file
      `C-006,"bad"quote,x,${caddies.id},\r\n` + // 11 rejected: malformed CSV
      `C-007,"여러\r\n줄",x,${caddies.id},\r\n` + // 12-13 rejected: a line break in a name
      `C-008,Eight,팔,${caddies.id}\r\n` + // 14 rejected: a field missing
      `C-009,"최, 지우",최지우,${caddies.id},0\r\n`; // 15 created inactive
    expect(Buffer.byteLength(csv)).toBeLessThan(16 * 1024);
    const before = f.count('employees');
    const report = await json<Report>(await postCsv(csv), 200);
    expect({ ...report, rows: undefined }).toEqual({ created: 2, updated: 2, unchanged: 1, rejected: 8, rows: undefined });
    expect(report.rows.map((r) => [r.line, r.employeeNo, r.status])).toEqual([
      [2, 'C-002', 'created'],
      [3, 'H-001', 'updated'],
      [4, 'H-002', 'unchanged'],
      [5, 'H-003', 'updated'],
      [6, 'C-003', 'rejected'],
      [7, 'C-004', 'rejected'],
      [8, 'C-005', 'rejected'],
      [9, 'D-1', 'rejected'],
      [10, 'D-1', 'rejected'],
      [11, null, 'rejected'],
      [12, 'C-007', 'rejected'],
      [14, 'C-008', 'rejected'],
      [15, 'C-009', 'created'],
    ]);
    const errorsOf = (line: number) => report.rows.find((r) => r.line === line)!.errors;
    expect(report.rows.filter((r) => r.status !== 'rejected').every((r) => r.errors === undefined && typeof r.employeeId === 'number')).toBe(true);
    expect(errorsOf(6)).toEqual([{ field: 'display_name', message: 'is required' }]);
    expect(errorsOf(7)).toEqual([{ field: 'unit_id', message: 'is not a unit of this organization' }]);
    expect(errorsOf(8)).toEqual([{ field: 'display_name', message: 'must be at most 50 characters' }]);
    expect(errorsOf(9)).toEqual([{ field: 'employee_no', message: 'appears more than once in the file (lines 9, 10)' }]);
    expect(errorsOf(11)![0]!.field).toBe('row');
    expect(errorsOf(12)).toEqual([{ field: 'display_name', message: 'must not contain line breaks or control characters' }]);
    expect(errorsOf(14)).toEqual([{ field: 'row', message: 'has 4 fields where the header has 5' }]);

    // The database: two new employees, two changed, nothing of the rejected rows.
    expect(f.count('employees')).toBe(before + 2);
    const created = f.db.$client.prepare("SELECT * FROM employees WHERE employee_no IN ('C-002', 'C-009') ORDER BY employee_no").all();
    expect(created).toMatchObject([
      { display_name: '박, 캐디', full_name: '박서준, Jr.', unit_id: caddies.id, active: 1, org_id: f.org.id },
      { display_name: '최, 지우', full_name: '최지우', active: 0 },
    ]);
    for (const no of ['C-003', 'C-004', 'C-005', 'D-1', 'C-006', 'C-007', 'C-008']) {
      expect(f.db.$client.prepare('SELECT count(*) AS n FROM employees WHERE employee_no = ?').get(no)).toEqual({ n: 0 });
    }
    expect(employeeRow(f.employees.lee.id)).toMatchObject({ display_name: 'Seoyeon', full_name: '이서연' });
    expect(employeeRow(f.employees.gone.id)).toMatchObject({ active: 1 });

    // One audit entry per created or updated employee, then the summary.
    const { items } = await auditItems();
    expect(items.map((e) => [e.action, e.entityId])).toEqual([
      ['employee.import', null],
      ['employee.create', String(report.rows.at(-1)!.employeeId)],
      ['employee.update', String(f.employees.gone.id)],
      ['employee.update', String(f.employees.lee.id)],
      ['employee.create', String(report.rows[0]!.employeeId)],
    ]);
    expect(items[0]!.after).toEqual({ created: 2, updated: 2, unchanged: 1, rejected: 8, rejectedLines: [6, 7, 8, 9, 10, 11, 12, 14] });
    expect(items[3]).toMatchObject({ before: { displayName: 'Lee' }, after: { displayName: 'Seoyeon' } });
    expect(items[2]).toMatchObject({ before: { active: false }, after: { active: true } });

    // The same file again: everything good is now unchanged, and nothing but the summary is audited.
    const again = await json<Report>(await postCsv(csv), 200);
    expect({ created: again.created, updated: again.updated, unchanged: again.unchanged, rejected: again.rejected }).toEqual({ created: 0, updated: 0, unchanged: 5, rejected: 8 });
    expect(f.count('audit_log')).toBe(items.length + 1);
  });

  test('units may be named in a `unit` column instead of `unit_id`', async () => {
    const csv = 'employee_no,display_name,full_name,unit\nH-020,Cho,조현우,front desk\nC-020,Yoon,윤아,Golf Club\nX-1,a,b,Cabin\n';
    const report = await json<Report>(await postCsv(csv), 200);
    expect(report.rows.map((r) => [r.employeeNo, r.status])).toEqual([
      ['H-020', 'created'],
      ['C-020', 'created'],
      ['X-1', 'rejected'],
    ]);
    const rows = f.db.$client.prepare("SELECT employee_no, unit_id FROM employees WHERE employee_no IN ('H-020', 'C-020') ORDER BY id").all();
    expect(rows).toEqual([
      { employee_no: 'H-020', unit_id: f.units.desk.id },
      { employee_no: 'C-020', unit_id: f.units.golf.id },
    ]);
  });

  test('a file that cannot be read as a whole is refused and imports nothing', async () => {
    const before = f.count('employees');
    await expectError(await postCsv('employee_no,display_name\nA,b\n', f.users.admin, 'application/json'), 415, 'unsupported_media_type');
    await expectError(await postCsv('a', f.users.admin, 'text/plain'), 415, 'unsupported_media_type');
    await expectError(await postCsv('a', f.users.admin, 'text/csv; charset=euc-kr'), 415, 'unsupported_media_type');
    // EUC-KR bytes (older Excel) are not UTF-8.
    const eucKr = Uint8Array.from([...Buffer.from(`employee_no,display_name,full_name,unit_id\nK-1,`), 0xb1, 0xe8, ...Buffer.from(`,x,${f.units.desk.id}\n`)]);
    const enc = await expectError(await postCsv(eucKr), 400, 'invalid_body');
    expect(enc.issues![0]!.message).toMatch(/UTF-8/);
    const header = await expectError(await postCsv(`employee_no,nickname,full_name,unit_id\nK-1,a,b,${f.units.desk.id}\n`), 400, 'invalid_body');
    expect(issuePaths(header)).toEqual(['header.display_name', 'header.nickname']);
    await expectError(await postCsv(''), 400, 'invalid_body');
    expect(f.count('employees')).toBe(before);
    expect(f.count('audit_log')).toBe(0);
  });

  test('the import takes up to 1 MiB once the app lets it through, and refuses more', async () => {
    // The app's 16 KiB limit on /api/* is lifted here, as app.ts will do for this route.
    f = await makeFixture({ config: { maxBodyBytes: 8 * 1024 * 1024 } });
    const rows = Array.from({ length: 1500 }, (_, i) => `B-${i},"이름, ${i}",Full Name ${i},${f.units.desk.id}`);
    const csv = ['employee_no,display_name,full_name,unit_id', ...rows].join('\r\n');
    expect(Buffer.byteLength(csv)).toBeGreaterThan(48 * 1024);
    const report = await json<Report>(await postCsv(csv), 200);
    expect(report.created).toBe(1500);
    expect(f.count('audit_log')).toBe(1501);
    const big = `employee_no,display_name,full_name,unit_id\n${'x'.repeat(1024 * 1024)}`;
    await expectError(await postCsv(big), 413, 'payload_too_large');
  });
});

// ───────────────────────────── templates ─────────────────────────────

describe('templates', () => {
  type Tpl = { id: number; name: string; version: number; dimensions: unknown[]; inUse: boolean; createdAt: string };

  test('lists every version; a POST makes the next version and never touches the old one', async () => {
    const list = await json<{ items: Tpl[] }>(await get('/api/v1/templates', f.users.supervisorGolf), 200);
    expect(list.items).toEqual([{ id: f.template.id, name: 'standard', version: 1, dimensions: f.template.dimensions, inUse: false, createdAt: expect.any(String) }]);
    const dims = [{ key: 'courtesy', label: { ko: '친절', en: 'Courtesy' } }, { key: 'cleanliness', label: { ko: '청결', en: 'Cleanliness' } }];
    const v2 = await json<Tpl>(await send('POST', '/api/v1/templates', { name: 'standard', dimensions: dims }, f.users.admin), 201);
    expect(v2).toEqual({ id: expect.any(Number), name: 'standard', version: 2, dimensions: dims, inUse: false, createdAt: '2026-11-20T03:00:00.000Z' });
    // A card on v1 marks it in use.
    expect((await postJson(f.app, `/api/v1/t/${f.touchpoints.frontDesk.code}/cards`, { overall: 5 })).status).toBe(201);
    const after = await json<{ items: Tpl[] }>(await get('/api/v1/templates', f.users.admin), 200);
    expect(after.items.map((t) => [t.name, t.version, t.inUse])).toEqual([
      ['standard', 1, true],
      ['standard', 2, false],
    ]);
    expect(after.items[0]!.dimensions).toEqual(f.template.dimensions);
    const { items } = await auditItems();
    expect(items).toEqual([expect.objectContaining({ action: 'template.create_version', entityId: String(v2.id), after: { id: v2.id, name: 'standard', version: 2, dimensions: dims } })]);
    // There is no PATCH.
    await expectError(await send('PATCH', `/api/v1/templates/${f.template.id}`, { name: 'x' }, f.users.admin), 404, 'not_found');
    // Other organizations see only theirs.
    const other = await json<{ items: Tpl[] }>(await get('/api/v1/templates', f.users.otherAdmin), 200);
    expect(other.items.map((t) => t.id)).not.toContain(f.template.id);
  });

  test('invalid or duplicate dimension keys are 400 and store nothing', async () => {
    const before = f.count('card_templates');
    const label = { ko: '가', en: 'A' };
    const dup = await expectError(await send('POST', '/api/v1/templates', { name: 'x', dimensions: [{ key: 'a', label }, { key: 'a', label }] }, f.users.admin), 400, 'invalid_body');
    expect(dup.issues).toEqual([{ path: 'dimensions.1.key', message: 'duplicates the key "a"' }]);
    const bad = await expectError(
      await send('POST', '/api/v1/templates', { name: '', dimensions: [{ key: 'Bad Key', label: { ko: '', en: 'A', fr: 'A' } }] }, f.users.admin),
      400,
      'invalid_body',
    );
    expect(issuePaths(bad)).toEqual(['dimensions.0.key', 'dimensions.0.label.fr', 'dimensions.0.label.ko', 'name']);
    await expectError(await send('POST', '/api/v1/templates', { name: 'x', dimensions: 'courtesy' }, f.users.admin), 400, 'invalid_body');
    expect(f.count('card_templates')).toBe(before);
    expect(f.count('audit_log')).toBe(0);
  });
});

// ───────────────────────────── users ─────────────────────────────

describe('users', () => {
  test('admins list their organization’s users, never a password hash', async () => {
    const res = await get('/api/v1/users', f.users.admin);
    const text = await res.clone().text();
    const { items } = await json<{ items: Record<string, unknown>[] }>(res, 200);
    expect(items.map((u) => u.email)).toEqual([
      'admin@hanbit.example',
      'golf.lead@hanbit.example',
      'desk.lead@hanbit.example',
      'kim@hanbit.example',
      'lee@hanbit.example',
    ]);
    expect(items[1]).toEqual({ id: f.users.supervisorGolf.id, email: 'golf.lead@hanbit.example', role: 'supervisor', employeeId: null, unitIds: [f.units.golf.id], active: true, createdAt: expect.any(String) });
    expect(items[3]).toMatchObject({ role: 'staff', employeeId: f.employees.kim.id, unitIds: [] });
    expect(text).not.toMatch(/password|scrypt/i);
  });

  test('an admin creates a user who can then sign in; store-level problems are 400 with issues', async () => {
    const body = { email: ' Park@Hanbit.example ', password: 'park password 1', role: 'staff', employeeId: f.employees.park.id };
    const user = await json<{ id: number; email: string }>(await send('POST', '/api/v1/users', body, f.users.admin), 201);
    expect(user).toMatchObject({ email: 'park@hanbit.example', role: 'staff', employeeId: f.employees.park.id, active: true });
    expect(JSON.stringify(user)).not.toMatch(/password/i);
    expect((await login('park@hanbit.example', 'park password 1')).status).toBe(200);

    const count = f.count('users');
    const cases: [unknown, string][] = [
      [{ ...body }, 'email'], // exists already
      [{ ...body, email: 'x@hanbit.example', employeeId: undefined }, 'employeeId'], // staff without an employee
      [{ ...body, email: 'x@hanbit.example', employeeId: f.other.employee.id }, 'employeeId'], // another organization's employee
      [{ email: 'x@hanbit.example', password: 'long enough pw', role: 'supervisor' }, 'unitIds'], // supervisor without units
      [{ email: 'x@hanbit.example', password: 'long enough pw', role: 'supervisor', unitIds: [f.other.unit.id] }, 'unitIds'],
      [{ email: 'x@hanbit.example', password: 'long enough pw', role: 'admin', employeeId: f.employees.park.id }, 'employeeId'],
    ];
    for (const [b, path] of cases) {
      const e = await expectError(await send('POST', '/api/v1/users', b, f.users.admin), 400, 'invalid_body');
      expect(issuePaths(e)).toEqual([path]);
    }
    const schema = await expectError(await send('POST', '/api/v1/users', { email: 'nope', password: 'short', role: 'root', extra: 1 }, f.users.admin), 400, 'invalid_body');
    expect(issuePaths(schema)).toEqual(['email', 'extra', 'password', 'role']);
    expect(f.count('users')).toBe(count);
    expect(auditRows().map((r) => r.action)).toEqual(['user.create']);
  });

  test('reset password: the new one signs in, the old one no longer does; generated when not given', async () => {
    const lee = f.users.staffLee;
    const res = await send('POST', `/api/v1/users/${lee.id}/reset-password`, { password: 'brand new password' }, f.users.admin);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await json(res, 200)).toEqual({ password: 'brand new password' });
    expect((await login('lee@hanbit.example', 'brand new password')).status).toBe(200);
    expect((await login('lee@hanbit.example', PASSWORD)).status).toBe(401);

    const gen = await f.app.request(`/api/v1/users/${lee.id}/reset-password`, { method: 'POST', headers: await f.as(f.users.admin) });
    const { password } = await json<{ password: string }>(gen, 200);
    expect(password).toMatch(/^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$/);
    expect((await login('lee@hanbit.example', password)).status).toBe(200);
    expect((await login('lee@hanbit.example', 'brand new password')).status).toBe(401);
    expect(auditRows().map((r) => r.action)).toEqual(['user.reset_password', 'user.reset_password']);

    const short = await expectError(await send('POST', `/api/v1/users/${lee.id}/reset-password`, { password: 'short' }, f.users.admin), 400, 'invalid_body');
    expect(issuePaths(short)).toEqual(['password']);
    await expectError(await send('POST', `/api/v1/users/${f.users.otherAdmin.id}/reset-password`, {}, f.users.admin), 404, 'not_found');
    await expectError(await send('POST', `/api/v1/users/${lee.id}/reset-password`, {}, f.users.otherAdmin), 404, 'not_found');
    expect((await login('lee@hanbit.example', password)).status).toBe(200);
    expect(f.count('audit_log')).toBe(2);
  });

  test('a deactivated user’s access token is refused at the next request, and their refresh token is revoked', async () => {
    const lead = f.users.supervisorDesk;
    const signedIn = await json<{ accessToken: string; refreshToken: string }>(await login('desk.lead@hanbit.example', PASSWORD), 200);
    const bearer = { authorization: `Bearer ${signedIn.accessToken}` };
    expect((await f.app.request('/api/v1/employees', { headers: bearer })).status).toBe(200);

    const res = await send('POST', `/api/v1/users/${lead.id}/deactivate`, {}, f.users.admin);
    expect(await json(res, 200)).toMatchObject({ id: lead.id, active: false, unitIds: [f.units.desk.id] });

    for (const path of ['/api/v1/employees', '/api/v1/units', '/api/v1/templates']) {
      await expectError(await f.app.request(path, { headers: bearer }), 401, 'unauthorized');
    }
    await expectError(await get('/api/v1/employees', lead), 401, 'unauthorized');
    expect((await postJson(f.app, '/api/v1/auth/refresh', { refreshToken: signedIn.refreshToken })).status).toBe(401);
    expect((await login('desk.lead@hanbit.example', PASSWORD)).status).toBe(401);
    const { items } = await auditItems();
    expect(items).toEqual([expect.objectContaining({ action: 'user.deactivate', entityId: String(lead.id), before: { active: true }, after: { active: false } })]);
  });

  test('an admin cannot deactivate themselves, nor another organization’s user', async () => {
    await expectError(await send('POST', `/api/v1/users/${f.users.admin.id}/deactivate`, {}, f.users.admin), 409, 'conflict');
    await expectError(await send('POST', `/api/v1/users/${f.users.otherAdmin.id}/deactivate`, {}, f.users.admin), 404, 'not_found');
    await expectError(await send('POST', `/api/v1/users/${f.users.staffKim.id}/deactivate`, {}, f.users.otherAdmin), 404, 'not_found');
    expect((await get('/api/v1/units', f.users.admin)).status).toBe(200);
    expect((await get('/api/v1/units', f.users.otherAdmin)).status).toBe(200);
    expect((f.db.$client.prepare('SELECT count(*) AS n FROM users WHERE active = 0').get() as { n: number }).n).toBe(0);
    expect(f.count('audit_log')).toBe(0);
  });
});

// ───────────────────────────── OpenAPI ─────────────────────────────

describe('adminOperations', () => {
  test('documents exactly the routes the admin router serves, with their schemas', () => {
    const router = adminRoutes({ config: f.config, clock: f.clock, db: f.db, ...createStores(f.db) });
    const served = [...new Set(router.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
    const documented = adminOperations.map((op) => `${op.method.toUpperCase()} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`).sort();
    expect(documented).toEqual(served);

    const spec = buildOpenApi(adminOperations) as any;
    const create = spec.paths['/api/v1/employees'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required.sort()).toEqual(['displayName', 'employeeNo', 'fullName', 'unitId']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '409']));
    const csv = spec.paths['/api/v1/employees/import'].post;
    expect(csv.requestBody).toBeUndefined();
    expect(csv.description).toContain('text/csv');
    expect(Object.keys(csv.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '415']));
  });
});
