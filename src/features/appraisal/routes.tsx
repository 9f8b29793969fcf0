/** @jsxImportSource hono/jsx */
/**
 * Appraisal inputs: `GET /api/v1/appraisal` (JSON or streamed CSV), per employee, for the staff
 * member themself, closing a period (frozen, hashed export), and the team / employee / "my
 * numbers" pages.
 */
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { idParam, readJson, readQuery } from '../../lib/http.ts';
import { negotiateLocale, type Locale } from '../../lib/i18n.ts';
import { recordAudit } from '../audit/store.ts';
import { authOf, requireAuth, type Auth } from '../auth/middleware.ts';
import { actorOf, scopeOf, unitInScope, type Scope } from '../auth/scope.ts';
import type { OrganizationStore } from '../organizations/store.ts';
import { addDays, localDay, presetRange } from './calendar.ts';
import { AppraisalQuerySchema, ClosePeriodSchema, type AppraisalQuery } from './schemas.ts';
import { appraisalReport, csvChunks, reportJson, type Report } from './service.ts';
import { snapshotWriter, type AppraisalStore } from './store.ts';
import { EmployeePage, MyNumbersPage, TeamPage } from './views.tsx';
import { weeklyScores } from './weekly.ts';
import type { Db } from '../../db/client.ts';

export interface AppraisalDeps {
  config: Config;
  clock: Clock;
  db: Db;
  appraisal: AppraisalStore;
  organizations: OrganizationStore;
}

const managers = requireAuth({ roles: ['admin', 'supervisor'] });
const BOM = '\uFEFF';

export function appraisalRoutes(deps: AppraisalDeps) {
  const app = new Hono<AppEnv>();
  const snapshots = snapshotWriter(deps.db);

  async function orgOf(auth: Auth) {
    const org = await deps.organizations.get(auth.orgId);
    if (!org) throw errors.notFound();
    return org;
  }

  const parseQuery = (c: Context): AppraisalQuery => readQuery(c, AppraisalQuerySchema);

  function rangeOf(q: AppraisalQuery, timeZone: string) {
    if (q.from && q.to) return { from: q.from, to: q.to };
    return presetRange(q.preset ?? 'quarter', localDay(deps.clock.now(), timeZone));
  }

  /** The units in view: the caller's scope, narrowed to `unit` (and below) if given. */
  async function unitsInView(scope: Scope, unit: number | undefined): Promise<readonly number[] | undefined> {
    if (unit === undefined) return scope.unitIds;
    if (!unitInScope(scope, unit)) throw errors.notFound('No such unit in your scope');
    const subtree = await deps.organizations.unitSubtree(scope.orgId, unit);
    if (subtree.length === 0) throw errors.notFound('No such unit in your scope');
    return scope.unitIds === undefined ? subtree : subtree.filter((u) => scope.unitIds!.includes(u));
  }

  /** Streams the CSV: chunks of rows are written as the client reads (pull), never the whole file at once. */
  function streamCsv(c: Context, report: Report, bom: boolean, filename: string) {
    const chunks = csvChunks(report, { bom });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
    });
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${filename}"`);
    return c.body(body);
  }

  /** The whole CSV as one string (for snapshots, whose bytes are frozen and hashed). */
  const csvText = (report: Report): string => [...csvChunks(report, { bom: false })].join('');

  function audit(auth: Auth, action: string, after: unknown) {
    deps.db.transaction((tx) => recordAudit(tx, actorOf(auth), { action, entity: 'appraisal', after, at: deps.clock.now() }));
  }

  app.get('/api/v1/appraisal', managers, async (c) => {
    const auth = authOf(c);
    const q = parseQuery(c);
    const org = await orgOf(auth);
    const range = rangeOf(q, org.timeZone);
    const scope = scopeOf(auth);
    const unitIds = await unitsInView(scope, q.unit);
    const filename = `appraisal_${range.from}_${range.to}${q.unit ? `_unit${q.unit}` : ''}.csv`;

    // A closed period answers its frozen export, byte for byte, and lists late cards apart.
    const snap = q.unit ? await deps.appraisal.findSnapshot(auth.orgId, q.unit, range.from, range.to) : undefined;
    if (snap) {
      const late = await deps.appraisal.lateCards(auth.orgId, unitIds ?? [], range.from, range.to, org.timeZone, snap.lastCardId);
      c.header('X-Snapshot-SHA256', snap.sha256);
      c.header('X-Snapshot-Closed-At', new Date(snap.closedAt).toISOString());
      c.header('X-Late-Cards', String(late.length));
      if (q.format === 'csv') {
        audit(auth, 'appraisal.export', { ...range, unit: q.unit, format: 'csv', snapshot: snap.id });
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="${filename}"`);
        return c.body((q.bom === '1' ? BOM : '') + snap.csv);
      }
      return c.json({ ...JSON.parse(snap.json), closed: { at: new Date(snap.closedAt).toISOString(), sha256: snap.sha256 }, late });
    }

    const report = await appraisalReport(deps.appraisal, scope, range, { unitIds });
    if (q.format === 'csv') {
      audit(auth, 'appraisal.export', { ...range, unit: q.unit ?? null, format: 'csv' });
      return streamCsv(c, report, q.bom === '1', filename);
    }
    return c.json({ ...reportJson(report), closed: null });
  });

  app.post('/api/v1/appraisal/close', managers, async (c) => {
    const auth = authOf(c);
    const input = await readJson(c, ClosePeriodSchema);
    if (input.from > input.to) throw errors.invalid([{ path: 'to', message: 'must not be before from' }]);
    const org = await orgOf(auth);
    const scope = scopeOf(auth);
    const unitIds = await unitsInView(scope, input.unit);
    if (await deps.appraisal.findSnapshot(auth.orgId, input.unit, input.from, input.to)) {
      throw new AppError(409, 'conflict', 'This period is already closed for this unit');
    }
    const range = { from: input.from, to: input.to };
    const lastCardId = deps.appraisal.lastCardId(auth.orgId);
    const report = await appraisalReport(deps.appraisal, scope, range, { unitIds });
    const csv = csvText(report);
    const json = JSON.stringify(reportJson(report));
    const sha256 = createHash('sha256').update(csv, 'utf8').digest('hex');
    const closedAt = deps.clock.now();
    const id = await snapshots.close(
      { orgId: auth.orgId, unitId: input.unit, periodStart: input.from, periodEnd: input.to, csv, json, sha256, lastCardId, closedBy: auth.userId, closedAt: closedAt.getTime() },
      (tx, snapId) =>
        recordAudit(tx, actorOf(auth), {
          action: 'appraisal.close',
          entity: 'appraisal_snapshot',
          entityId: snapId,
          after: { unit: input.unit, ...range, sha256, employees: report.rows.length },
          at: closedAt,
        }),
    );
    void org;
    return c.json({ id, unit: input.unit, ...range, sha256, closedAt: closedAt.toISOString() }, 201);
  });

  app.get('/api/v1/employees/:id/appraisal', managers, async (c) => {
    const auth = authOf(c);
    const id = idParam(c);
    const q = parseQuery(c);
    const org = await orgOf(auth);
    const scope = scopeOf(auth);
    const employee = (await deps.appraisal.employees(auth.orgId, scope.unitIds)).find((e) => e.id === id);
    if (!employee) throw errors.notFound();
    const report = await appraisalReport(deps.appraisal, scope, rangeOf(q, org.timeZone), { unitIds: [employee.unitId], employeeId: id });
    const row = report.rows[0];
    if (!row) throw errors.notFound();
    return c.json({ ...reportJson({ ...report, units: [] }).items[0], period: report.period, previousPeriod: report.previousPeriod });
  });

  /** The staff member's own numbers: computed exactly as for their supervisor. */
  async function myReport(auth: Auth, q: AppraisalQuery, timeZone: string) {
    if (auth.employeeId === null) throw errors.notFound();
    const everyone = await deps.appraisal.employees(auth.orgId, undefined);
    const me = everyone.find((e) => e.id === auth.employeeId);
    if (!me) throw errors.notFound();
    return appraisalReport(deps.appraisal, { orgId: auth.orgId }, rangeOf(q, timeZone), { unitIds: [me.unitId], employeeId: me.id });
  }

  app.get('/api/v1/me/appraisal', requireAuth({ roles: ['staff'] }), async (c) => {
    const auth = authOf(c);
    const org = await orgOf(auth);
    const report = await myReport(auth, parseQuery(c), org.timeZone);
    const row = reportJson({ ...report, units: [] }).items[0];
    if (!row) throw errors.notFound();
    return c.json({ ...row, period: report.period, previousPeriod: report.previousPeriod });
  });

  // ── pages ──

  const pageLocale = (c: Context, fallback: Locale) =>
    negotiateLocale({ query: c.req.query('lang'), acceptLanguage: c.req.header('accept-language'), fallback });

  async function weekly(auth: Auth, report: Report, unitIds: readonly number[] | undefined) {
    const to = report.period.to;
    const members = await deps.appraisal.employees(auth.orgId, unitIds);
    const daily = await deps.appraisal.dailySums(auth.orgId, addDays(to, -7 * 12 + 1), to, members.map((m) => m.id));
    return weeklyScores(daily, members, to, 12, report.scoring);
  }

  app.get('/team', requireAuth({ roles: ['admin', 'supervisor'], page: true }), async (c) => {
    const auth = authOf(c);
    const org = await orgOf(auth);
    const locale = pageLocale(c, org.defaultLocale);
    const q = parseQuery(c);
    const scope = scopeOf(auth);
    const unitIds = await unitsInView(scope, q.unit);
    const report = await appraisalReport(deps.appraisal, scope, rangeOf(q, org.timeZone), { unitIds });
    const weeks = await weekly(auth, report, unitIds);
    return c.html(
      <TeamPage
        locale={locale}
        orgName={org.name}
        report={report}
        weeks={weeks}
        sort={c.req.query('sort') ?? 'adjusted'}
        dir={c.req.query('dir') === 'asc' ? 'asc' : 'desc'}
        unit={q.unit}
      />,
    );
  });

  app.get('/team/:id', requireAuth({ roles: ['admin', 'supervisor'], page: true }), async (c) => {
    const auth = authOf(c);
    const org = await orgOf(auth);
    const locale = pageLocale(c, org.defaultLocale);
    const id = idParam(c);
    const scope = scopeOf(auth);
    const employee = (await deps.appraisal.employees(auth.orgId, scope.unitIds)).find((e) => e.id === id);
    if (!employee) throw errors.notFound();
    const q = parseQuery(c);
    const report = await appraisalReport(deps.appraisal, scope, rangeOf(q, org.timeZone), { unitIds: [employee.unitId], employeeId: id });
    const row = report.rows[0]!;
    const weeks = (await weekly(auth, report, [employee.unitId])).get(id) ?? [];
    const evidence = await deps.appraisal.evidence(auth.orgId, id, report.period.from, report.period.to, org.timeZone);
    return c.html(<EmployeePage locale={locale} orgName={org.name} report={report} row={row} weeks={weeks} evidence={evidence} timeZone={org.timeZone} own={false} />);
  });

  app.get('/me/numbers', requireAuth({ roles: ['staff'], page: true }), async (c) => {
    const auth = authOf(c);
    const org = await orgOf(auth);
    const locale = pageLocale(c, org.defaultLocale);
    const report = await myReport(auth, parseQuery(c), org.timeZone);
    const row = report.rows[0];
    if (!row) throw errors.notFound();
    const weeks = (await weekly(auth, report, [row.employee.unitId])).get(row.employee.id) ?? [];
    const evidence = await deps.appraisal.evidence(auth.orgId, row.employee.id, report.period.from, report.period.to, org.timeZone);
    return c.html(<MyNumbersPage locale={locale} orgName={org.name} report={report} row={row} weeks={weeks} evidence={evidence} timeZone={org.timeZone} own />);
  });

  return app;
}
