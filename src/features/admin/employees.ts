/**
 * Employees: `GET /api/v1/employees?unit=&active=`, `GET /api/v1/employees/:id` (admins: the
 * organization; supervisors: their units), `POST /api/v1/employees`, `PATCH /api/v1/employees/:id`,
 * `POST /api/v1/employees/:id/deactivate` and the CSV import `POST /api/v1/employees/import`
 * (admins).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../../app.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { readJson } from '../../lib/http.ts';
import { authOf } from '../auth/middleware.ts';
import { scopeOf, unitInScope } from '../auth/scope.ts';
import { admins, auditOf, idParam, managers, readQuery, type AdminDeps } from './common.ts';
import { parseEmployeeCsv } from './csv-import.ts';
import { CreateEmployeeSchema, EmployeeQuerySchema, UpdateEmployeeSchema } from './schemas.ts';

/** The CSV import route: app.ts must exempt it from the 16 KiB JSON body limit on /api/*. */
export const EMPLOYEE_IMPORT_PATH = '/api/v1/employees/import';
/** The import's own body limit. */
export const IMPORT_MAX_BYTES = 1024 * 1024;

const csvOnly: MiddlewareHandler = async (c, next) => {
  const header = c.req.header('content-type') ?? '';
  const [type, ...params] = header.split(';').map((s) => s.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (type !== 'text/csv' || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new AppError(415, 'unsupported_media_type', 'Send the file as text/csv in UTF-8');
  }
  await next();
};

const importLimit = bodyLimit({
  maxSize: IMPORT_MAX_BYTES,
  onError: () => {
    throw errors.payloadTooLarge(IMPORT_MAX_BYTES);
  },
});

export function employeeRoutes(deps: AdminDeps) {
  const app = new Hono<AppEnv>();

  app.get('/api/v1/employees', managers, async (c) => {
    const q = readQuery(c, EmployeeQuerySchema);
    const scope = scopeOf(authOf(c));
    let unitIds: number[] | undefined;
    if (q.unit !== undefined) {
      if (!unitInScope(scope, q.unit)) throw errors.notFound('No such unit in your scope');
      unitIds = await deps.organizations.unitSubtree(scope.orgId, q.unit);
      if (unitIds.length === 0) throw errors.notFound('No such unit in your scope');
    }
    return c.json({ items: await deps.employees.listInScope(scope, { unitIds, active: q.active }) });
  });

  app.get('/api/v1/employees/:id', managers, async (c) => {
    const e = await deps.employees.getInScope(scopeOf(authOf(c)), idParam(c));
    if (!e) throw errors.notFound();
    return c.json(e);
  });

  app.post('/api/v1/employees', admins, async (c) => {
    const input = await readJson(c, CreateEmployeeSchema);
    return c.json(await deps.employees.createAudited(authOf(c).orgId, input, auditOf(c, deps)), 201);
  });

  app.patch('/api/v1/employees/:id', admins, async (c) => {
    const id = idParam(c);
    const patch = await readJson(c, UpdateEmployeeSchema);
    const e = await deps.employees.updateAudited(authOf(c).orgId, id, patch, auditOf(c, deps));
    if (!e) throw errors.notFound();
    return c.json(e);
  });

  app.post('/api/v1/employees/:id/deactivate', admins, async (c) => {
    const id = idParam(c);
    const e = await deps.employees.updateAudited(authOf(c).orgId, id, { active: false }, { ...auditOf(c, deps), action: 'employee.deactivate' });
    if (!e) throw errors.notFound();
    return c.json(e);
  });

  app.post(EMPLOYEE_IMPORT_PATH, admins, csvOnly, importLimit, async (c) => {
    const auth = authOf(c);
    let text: string;
    try {
      // fatal: a file saved in another encoding (EUC-KR from older Excel) is refused, not garbled.
      text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
    } catch (err) {
      if (err instanceof TypeError) {
        throw errors.invalid([{ path: '', message: 'is not UTF-8 text: save the file as “CSV UTF-8”' }], 'The CSV file is invalid');
      }
      throw err;
    }
    const units = await deps.organizations.listUnitsInScope({ orgId: auth.orgId });
    const parsed = parseEmployeeCsv(text, units);
    if (!parsed.ok) throw errors.invalid(parsed.issues, 'The CSV file is invalid');

    const outcomes = await deps.employees.importAudited(
      auth.orgId,
      parsed.valid.map((r) => ({ line: r.line, input: r.input })),
      { ...auditOf(c, deps), rejected: parsed.rejected.map((r) => r.line) },
    );
    const rows = [
      ...outcomes.map((o) => ({ line: o.line, employeeNo: o.employeeNo as string | null, status: o.status, employeeId: o.employeeId })),
      ...parsed.rejected.map((r) => ({ line: r.line, employeeNo: r.employeeNo, status: 'rejected' as const, errors: r.errors })),
    ].sort((a, b) => a.line - b.line);
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    return c.json({ created: count('created'), updated: count('updated'), unchanged: count('unchanged'), rejected: count('rejected'), rows });
  });

  return app;
}
