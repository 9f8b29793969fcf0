/**
 * The customer's submission path, shared by the JSON API and the HTML forms: resolve the
 * touchpoint, check the answers against its template and unit, and store exactly once.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../clock.ts';
import type { Channel, Locale } from '../../db/schema.ts';
import { errors, type ErrorIssue } from '../../lib/errors.ts';
import type { EmployeeStore } from '../employees/store.ts';
import { isNegative, isPersonCard } from '../appraisal/rollup.ts';
import { evaluateEmployee } from '../flags/service.ts';
import { moderate } from '../moderation/moderate.ts';
import type { FlagStore } from '../flags/store.ts';
import type { TouchpointContext, TouchpointStore } from '../touchpoints/store.ts';
import type { CardInput, PraiseInput } from './schemas.ts';
import type { Created, FeedbackStore, Idempotency } from './store.ts';

export interface FeedbackDeps {
  clock: Clock;
  touchpoints: TouchpointStore;
  employees: EmployeeStore;
  feedback: FeedbackStore;
  flags: FlagStore;
}

export interface SubmitOptions {
  channel: Channel;
  /** The page's locale, used when the body does not name one. */
  locale: Locale;
  idempotencyKey?: string | undefined;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,255}$/;

export function checkIdempotencyKey(key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) throw errors.invalidIdempotencyKey();
  return key;
}

function hashRequest(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('base64url');
}

function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`)
    .join(',')}}`;
}

export async function requireTouchpoint(deps: Pick<FeedbackDeps, 'touchpoints' | 'clock'>, code: string): Promise<TouchpointContext> {
  const tp = await deps.touchpoints.resolveCode(code, deps.clock.now());
  if (tp === 'gone') throw errors.gone('This touchpoint code was replaced and is no longer in use');
  if (!tp) throw errors.notFound('No active touchpoint has this code');
  return tp;
}

async function resolveEmployee(
  deps: FeedbackDeps,
  tp: TouchpointContext,
  employeeId: number | undefined,
): Promise<number | null> {
  if (tp.employee) {
    if (employeeId !== undefined && employeeId !== tp.employee.id) {
      throw errors.invalid([{ path: 'employeeId', message: 'this touchpoint is bound to another employee' }]);
    }
    return tp.employee.id;
  }
  if (employeeId === undefined) return null;
  const emp = await deps.employees.findActiveInUnit(tp.orgId, tp.unitId, employeeId);
  if (!emp) throw errors.invalid([{ path: 'employeeId', message: 'is not an active employee of this touchpoint’s unit' }]);
  return emp.id;
}

function idempotency(kind: string, tp: TouchpointContext, key: string | undefined, input: unknown): Idempotency | undefined {
  return key === undefined ? undefined : { scope: `${kind}:${tp.id}`, key, requestHash: hashRequest(input) };
}

export async function submitCard(
  deps: FeedbackDeps,
  tp: TouchpointContext,
  input: CardInput,
  opts: SubmitOptions,
): Promise<Created> {
  const idem = idempotency('card', tp, checkIdempotencyKey(opts.idempotencyKey), input);
  const earlier = await deps.feedback.findReplay(idem);
  if (earlier) return earlier;

  const known = new Set(tp.dimensions.map((d) => d.key));
  const issues: ErrorIssue[] = Object.keys(input.ratings ?? {})
    .filter((k) => !known.has(k))
    .map((k) => ({ path: `ratings.${k}`, message: 'is not a dimension of this card' }));
  if (issues.length) throw errors.invalid(issues);

  const employeeId = await resolveEmployee(deps, tp, input.employeeId);
  const consented = input.contact?.consent === true;
  const { status } = moderate(input.comment);
  const created = await deps.feedback.insertCard(
    {
      orgId: tp.orgId,
      touchpointId: tp.id,
      unitId: tp.unitId,
      employeeId,
      templateId: tp.templateId,
      overall: input.overall,
      ratings: input.ratings ?? {},
      about: input.about ?? null,
      hadProblem: input.problem?.had ?? null,
      problemResolved: input.problem?.had ? (input.problem.resolved ?? null) : null,
      comment: input.comment ? input.comment : null,
      locale: input.locale ?? opts.locale,
      channel: opts.channel,
      contact: consented ? { email: input.contact?.email ?? null, phone: input.contact?.phone ?? null } : null,
      createdAt: deps.clock.now(),
      timeZone: tp.orgTimeZone,
      status,
    },
    idem,
  );
  // Coaching flags are evaluated in the write path of every negative card about a person. The
  // card is stored already: a failure here must never cost the customer their card.
  if (!created.replayed && status === 'published' && employeeId !== null && isPersonCard(input.about ?? null) && isNegative(input.overall)) {
    try {
      await evaluateEmployee(deps.flags, { id: tp.orgId, timeZone: tp.orgTimeZone, defaultLocale: tp.orgDefaultLocale }, employeeId, deps.clock.now());
    } catch (err) {
      console.error('flag evaluation failed', err);
    }
  }
  return created;
}

export async function submitPraise(
  deps: FeedbackDeps,
  tp: TouchpointContext,
  input: PraiseInput,
  opts: SubmitOptions,
): Promise<Created> {
  const idem = idempotency('praise', tp, checkIdempotencyKey(opts.idempotencyKey), input);
  const earlier = await deps.feedback.findReplay(idem);
  if (earlier) return earlier;

  const employeeId = await resolveEmployee(deps, tp, input.employeeId);
  if (employeeId === null) {
    throw errors.invalid([{ path: 'employeeId', message: 'a praise letter is addressed to one employee' }]);
  }
  return deps.feedback.insertPraise(
    {
      orgId: tp.orgId,
      touchpointId: tp.id,
      unitId: tp.unitId,
      employeeId,
      body: input.body,
      signature: input.signature ? input.signature : null,
      publish: input.publish ?? false,
      locale: input.locale ?? opts.locale,
      channel: opts.channel,
      createdAt: deps.clock.now(),
      timeZone: tp.orgTimeZone,
      status: moderate(input.body, input.signature).status,
    },
    idem,
  );
}

