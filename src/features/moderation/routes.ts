/**
 * Moderation: `GET /api/v1/moderation` lists held submissions in the caller's units;
 * `POST /api/v1/moderation/cards/:id` and `/praise/:id` `{ decision: publish | reject }`.
 * Publishing counts the submission from then on (rollups, flags, forwarding of a letter).
 */
import { Hono } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import { AppError, errors } from '../../lib/errors.ts';
import { idParam, readJson } from '../../lib/http.ts';
import { isNegative, isPersonCard } from '../appraisal/rollup.ts';
import { recordAudit } from '../audit/store.ts';
import { authOf, requireAuth } from '../auth/middleware.ts';
import { actorOf, scopeOf, unitInScope } from '../auth/scope.ts';
import type { FeedbackStore } from '../feedback/store.ts';
import { evaluateEmployee } from '../flags/service.ts';
import type { FlagStore } from '../flags/store.ts';
import type { Operation } from '../openapi/spec.ts';
import type { OrganizationStore } from '../organizations/store.ts';
import type { ModerationStore } from './store.ts';

export const DecisionSchema = v.strictObject({ decision: v.picklist(['publish', 'reject'], 'must be publish or reject') }, 'is not a known field');

export interface ModerationDeps {
  clock: Clock;
  feedback: FeedbackStore;
  flags: FlagStore;
  moderation: ModerationStore;
  organizations: OrganizationStore;
}

const managers = requireAuth({ roles: ['admin', 'supervisor'] });

export function moderationRoutes(deps: ModerationDeps) {
  const app = new Hono<AppEnv>();
  app.get('/api/v1/moderation', managers, async (c) => {
    const items = await deps.moderation.held(scopeOf(authOf(c)));
    return c.json({ items: items.map((i) => ({ ...i, createdAt: new Date(i.createdAt).toISOString() })) });
  });

  for (const kind of ['cards', 'praise'] as const) {
    app.post(`/api/v1/moderation/${kind}/:id`, managers, async (c) => {
      const auth = authOf(c);
      const { decision } = await readJson(c, DecisionSchema);
      const id = idParam(c);
      const org = await deps.organizations.get(auth.orgId);
      if (!org) throw errors.notFound();
      const item = kind === 'cards' ? await deps.feedback.getCard(auth.orgId, id) : await deps.feedback.getPraise(auth.orgId, id);
      if (!item || !unitInScope(scopeOf(auth), item.unitId)) throw errors.notFound();
      const now = deps.clock.now();
      const audit = (tx: Parameters<typeof recordAudit>[0]) =>
        recordAudit(tx, actorOf(auth), { action: `moderation.${decision}`, entity: kind === 'cards' ? 'comment_card' : 'praise_letter', entityId: id, before: { status: 'held' }, after: { status: decision === 'publish' ? 'published' : 'rejected' }, at: now });
      const result =
        kind === 'cards'
          ? await deps.feedback.decideCard(auth.orgId, id, decision, org.timeZone, audit)
          : await deps.feedback.decidePraise(auth.orgId, id, decision, org.timeZone, audit);
      if (result === undefined) throw errors.notFound();
      if (result === 'not_held') throw new AppError(409, 'not_held', 'This submission is not waiting for moderation');
      // A published negative card about a person goes through the coaching-flag rule like any other.
      if (decision === 'publish' && 'overall' in result && result.employeeId !== null && isPersonCard(result.about) && isNegative(result.overall)) {
        await evaluateEmployee(deps.flags, org, result.employeeId, now);
      }
      return c.json({ id, kind: kind === 'cards' ? 'card' : 'praise', status: result.status });
    });
  }

  return app;
}

const held = v.object({ kind: v.string(), id: v.number(), createdAt: v.string(), employeeId: v.nullable(v.number()), unitId: v.number(), touchpoint: v.string(), overall: v.nullable(v.number()), text: v.nullable(v.string()) });
const scoped = { '401': { description: 'Not signed in' }, '403': { description: 'Role not allowed' }, '404': { description: 'Not in your scope' } };

export const moderationOperations: Operation[] = [
  { method: 'get', path: '/api/v1/moderation', summary: 'Submissions held for moderation (abuse or links), in your units', tags: ['moderation'], responses: { '200': { description: 'Held items', schema: v.object({ items: v.array(held) }) }, ...scoped } },
  ...(['cards', 'praise'] as const).map(
    (kind): Operation => ({
      method: 'post',
      path: `/api/v1/moderation/${kind}/{id}`,
      summary: `Publish or reject a held ${kind === 'cards' ? 'comment card' : 'praise letter'} (audited)`,
      tags: ['moderation'],
      params: [{ name: 'id', in: 'path', description: 'Submission id' }],
      body: DecisionSchema,
      responses: { '200': { description: 'Decided' }, '409': { description: '`not_held`' }, ...scoped },
    }),
  ),
];
