/** @jsxImportSource hono/jsx */
/**
 * Coaching flags and the supervisor's daily digest: `GET /api/v1/flags`, `PATCH /api/v1/flags/:id`,
 * `GET /api/v1/me/flags`, `PUT /api/v1/flags/rule`, `GET /api/v1/digest/today`, and the pages
 * `/flags` and `/today` (the supervisor's start page).
 */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { FLAG_STATES, type FlagState } from '../../db/schema.ts';
import { AppError, errors, toIssues } from '../../lib/errors.ts';
import { idParam, readJson, readQuery } from '../../lib/http.ts';
import { negotiateLocale, type Locale } from '../../lib/i18n.ts';
import { addDays, localDay, startOfLocalDay } from '../appraisal/calendar.ts';
import { authOf, csrfToken, requireAuth, type Auth } from '../auth/middleware.ts';
import { actorOf, scopeOf, type Scope } from '../auth/scope.ts';
import type { OrganizationStore } from '../organizations/store.ts';
import { validateRule } from './rule.ts';
import { FlagRuleSchema, FlagsQuerySchema, TransitionSchema, type Transition } from './schemas.ts';
import type { FlagRow, FlagStore } from './store.ts';
import { DigestPage, FlagsPage } from './views.tsx';

export interface FlagDeps {
  config: Config;
  clock: Clock;
  db: Db;
  flags: FlagStore;
  organizations: OrganizationStore;
}

const managers = requireAuth({ roles: ['admin', 'supervisor'] });

/** The lifecycle: open → acknowledged → coaching_planned → resolved, or dismissed on the way. */
export const TRANSITIONS: Record<FlagState, readonly FlagState[]> = {
  open: ['acknowledged', 'dismissed'],
  acknowledged: ['coaching_planned', 'dismissed'],
  coaching_planned: ['resolved', 'dismissed'],
  resolved: [],
  dismissed: [],
};

export function flagJson(f: FlagRow) {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    id: f.id,
    employeeId: f.employeeId,
    employeeName: f.employeeName,
    employeeNo: f.employeeNo,
    unitId: f.unitId,
    unit: f.unitName,
    state: f.state,
    explanation: f.explanation,
    evidence: f.evidence,
    rule: f.rule,
    previousFlagId: f.previousFlagId,
    openedAt: iso(f.openedAt),
    acknowledgedAt: iso(f.acknowledgedAt),
    coachingDate: f.coachingDate,
    coachingNote: f.coachingNote,
    closedAt: iso(f.closedAt),
    resolutionNote: f.resolutionNote,
    dismissReason: f.dismissReason,
  };
}

/** What staff see of their own flags: that coaching is planned, and why — no card evidence. */
export const ownFlagJson = (f: FlagRow) => ({
  id: f.id,
  state: f.state,
  explanation: f.explanation,
  coachingDate: f.state === 'coaching_planned' ? f.coachingDate : null,
  openedAt: new Date(f.openedAt).toISOString(),
});

export async function applyTransition(deps: FlagDeps, auth: Auth, id: number, t: Transition): Promise<FlagRow> {
  const flag = await deps.flags.get(scopeOf(auth), id);
  if (!flag) throw errors.notFound();
  if (!TRANSITIONS[flag.state].includes(t.state)) {
    throw new AppError(409, 'invalid_transition', `A flag that is ${flag.state} cannot become ${t.state}`);
  }
  const patch =
    t.state === 'coaching_planned'
      ? { coachingNote: t.note, coachingDate: t.date }
      : t.state === 'resolved'
        ? { resolutionNote: t.note }
        : t.state === 'dismissed'
          ? { dismissReason: t.reason }
          : {};
  return deps.flags.transition(flag, t.state, patch, { actor: actorOf(auth), now: deps.clock.now() });
}

export interface Digest {
  date: string;
  newFlags: FlagRow[];
  coachingDue: FlagRow[];
  moderation: { waiting: number };
  praiseToPassOn: { id: number; employeeId: number; employeeName: string; body: string; signature: string | null; createdAt: number }[];
}

/**
 * Today's digest: only what needs the supervisor today — flags nobody has acknowledged yet,
 * coaching dates that have come, submissions waiting for moderation, and praise letters from
 * yesterday and today to pass on.
 */
export async function todaysDigest(deps: FlagDeps, scope: Scope, timeZone: string): Promise<Digest> {
  const now = deps.clock.now();
  const today = localDay(now, timeZone);
  // Letters from yesterday and today (local days): what arrived since the last working day's look.
  const since = startOfLocalDay(addDays(today, -1), timeZone).getTime();
  const active = await deps.flags.list(scope, { states: ['open', 'acknowledged', 'coaching_planned'] });
  const unitSql = scope.unitIds === undefined ? '1' : scope.unitIds.length ? `unit_id IN (${scope.unitIds.map(Number).join(',')})` : '0';
  const c = deps.db.$client;
  const waiting = (
    c
      .prepare(
        `SELECT (SELECT count(*) FROM comment_cards WHERE org_id = ? AND status = 'held' AND ${unitSql})
              + (SELECT count(*) FROM praise_letters WHERE org_id = ? AND status = 'held' AND ${unitSql}) AS n`,
      )
      .get(scope.orgId, scope.orgId) as { n: number }
  ).n;
  const praise = c
    .prepare(
      `SELECT p.id, p.employee_id AS employeeId, e.display_name AS employeeName, p.body, p.signature, p.created_at AS createdAt
         FROM praise_letters p JOIN employees e ON e.id = p.employee_id
        WHERE p.org_id = ? AND p.status = 'published' AND p.created_at >= ? AND ${unitSql.replace('unit_id', 'p.unit_id')}
        ORDER BY p.created_at DESC LIMIT 20`,
    )
    .all(scope.orgId, since) as Digest['praiseToPassOn'];
  return {
    date: today,
    // Open flags are new until someone acknowledges them: they need the supervisor today.
    newFlags: active.filter((f) => f.state === 'open'),
    coachingDue: active.filter((f) => f.state === 'coaching_planned' && f.coachingDate !== null && f.coachingDate <= today),
    moderation: { waiting },
    praiseToPassOn: praise,
  };
}

export function flagRoutes(deps: FlagDeps) {
  const app = new Hono<AppEnv>();

  async function org(auth: Auth) {
    const o = await deps.organizations.get(auth.orgId);
    if (!o) throw errors.notFound();
    return o;
  }

  app.get('/api/v1/flags', managers, async (c) => {
    const query = readQuery(c, FlagsQuerySchema);
    const states = query.state ? [query.state] : undefined;
    const items = await deps.flags.list(scopeOf(authOf(c)), { states });
    return c.json({ items: items.map(flagJson) });
  });

  app.get('/api/v1/flags/:id', managers, async (c) => {
    const flag = await deps.flags.get(scopeOf(authOf(c)), idParam(c));
    if (!flag) throw errors.notFound();
    return c.json(flagJson(flag));
  });

  app.patch('/api/v1/flags/:id', managers, async (c) => {
    const t = await readJson(c, TransitionSchema);
    return c.json(flagJson(await applyTransition(deps, authOf(c), idParam(c), t)));
  });

  app.get('/api/v1/me/flags', requireAuth({ roles: ['staff'] }), async (c) => {
    const items = await deps.flags.list(scopeOf(authOf(c)));
    return c.json({ items: items.map(ownFlagJson) });
  });

  app.get('/api/v1/flags-rule', managers, async (c) => c.json(await deps.flags.rule(authOf(c).orgId)));

  app.put('/api/v1/flags-rule', requireAuth({ roles: ['admin'] }), async (c) => {
    const auth = authOf(c);
    const rule = await readJson(c, FlagRuleSchema);
    const bad = validateRule(rule);
    if (bad.length) throw errors.invalid(bad.map((message) => ({ path: message.split(' ')[0]!, message })));
    await deps.flags.setRule(auth.orgId, rule, { actor: actorOf(auth), now: deps.clock.now() });
    return c.json(rule);
  });

  app.get('/api/v1/digest/today', managers, async (c) => {
    const auth = authOf(c);
    const d = await todaysDigest(deps, scopeOf(auth), (await org(auth)).timeZone);
    return c.json({
      date: d.date,
      newFlags: d.newFlags.map(flagJson),
      coachingDue: d.coachingDue.map(flagJson),
      moderation: d.moderation,
      praiseToPassOn: d.praiseToPassOn.map((p) => ({ ...p, createdAt: new Date(p.createdAt).toISOString() })),
    });
  });

  // ── pages ──

  const locale = (c: Context, fallback: Locale) =>
    negotiateLocale({ query: c.req.query('lang'), acceptLanguage: c.req.header('accept-language'), fallback });

  app.get('/today', requireAuth({ roles: ['admin', 'supervisor'], page: true }), async (c) => {
    const auth = authOf(c);
    const o = await org(auth);
    const d = await todaysDigest(deps, scopeOf(auth), o.timeZone);
    return c.html(<DigestPage locale={locale(c, o.defaultLocale)} orgName={o.name} digest={d} timeZone={o.timeZone} />);
  });

  app.get('/flags', requireAuth({ roles: ['admin', 'supervisor'], page: true }), async (c) => {
    const auth = authOf(c);
    const o = await org(auth);
    const state = (FLAG_STATES as readonly string[]).includes(c.req.query('state') ?? '') ? (c.req.query('state') as FlagState) : undefined;
    const items = await deps.flags.list(scopeOf(auth), { states: state ? [state] : ['open', 'acknowledged', 'coaching_planned'] });
    return c.html(
      <FlagsPage locale={locale(c, o.defaultLocale)} orgName={o.name} flags={items} csrf={csrfToken(c, deps.config)} today={localDay(deps.clock.now(), o.timeZone)} error={c.req.query('error')} />,
    );
  });

  /** The page's transition forms (cookie session + CSRF, checked by requireAuth). */
  app.post('/flags/:id', requireAuth({ roles: ['admin', 'supervisor'] }), async (c) => {
    const body = await c.req.parseBody();
    const str = (k: string) => (typeof body[k] === 'string' && (body[k] as string).trim() !== '' ? (body[k] as string) : undefined);
    // Only the fields the form filled in (an empty field is absent, not an unknown key).
    const fields = Object.fromEntries((['state', 'note', 'date', 'reason'] as const).flatMap((k) => (str(k) === undefined ? [] : [[k, str(k)]])));
    const parsed = v.safeParse(TransitionSchema, fields);
    const lang = c.req.query('lang') ? `&lang=${c.req.query('lang')}` : '';
    if (!parsed.success) return c.redirect(`/flags?error=${encodeURIComponent(toIssues(parsed.issues).map((i) => `${i.path}: ${i.message}`).join('; '))}${lang}`, 303);
    try {
      await applyTransition(deps, authOf(c), idParam(c), parsed.output);
    } catch (err) {
      if (err instanceof AppError && err.status === 409) return c.redirect(`/flags?error=${encodeURIComponent(err.message)}${lang}`, 303);
      throw err;
    }
    return c.redirect(`/flags?${lang.slice(1)}`, 303);
  });

  return app;
}
