/**
 * Notification administration (admins only): the organization's webhook endpoints, and the
 * outbox with its dead letters, which an admin can send again. Every write is audited in the
 * same transaction; another organization's ids are simply not found.
 */
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import { OUTBOX_EVENTS, OUTBOX_STATUSES } from '../../db/schema.ts';
import { AppError, errors, toIssues } from '../../lib/errors.ts';
import { idParam, readJson } from '../../lib/http.ts';
import { authOf, requireAuth } from '../auth/middleware.ts';
import { actorOf } from '../auth/scope.ts';
import type { NotificationStore } from './store.ts';

export interface NotificationDeps {
  clock: Clock;
  notifications: NotificationStore;
}

export const NOTIFICATION_LIMIT_DEFAULT = 50;
export const NOTIFICATION_LIMIT_MAX = 200;

const event = v.picklist(OUTBOX_EVENTS, `must be one of ${OUTBOX_EVENTS.join(', ')}`);

export const CreateWebhookSchema = v.strictObject(
  {
    url: v.pipe(
      v.string('must be a string'),
      v.trim(),
      v.maxLength(2048, 'must be at most 2048 characters'),
      v.url('must be an absolute URL'),
      v.check((s) => /^https?:\/\//i.test(s), 'must start with http:// or https://'),
    ),
    events: v.pipe(v.array(event, 'must be a list of events'), v.minLength(1, 'must name at least one event')),
  },
  'is not a known field',
);

export const WebhookSchema = v.object({
  id: v.number(),
  url: v.string(),
  events: v.array(event),
  active: v.boolean(),
  createdAt: v.string(),
});
export const CreatedWebhookSchema = v.object({
  ...WebhookSchema.entries,
  /** `whsec_` + base64: shown once, verify deliveries with it (Standard Webhooks). */
  secret: v.string(),
});
export const WebhookListSchema = v.object({ items: v.array(WebhookSchema) });

export const NotificationSchema = v.object({
  id: v.number(),
  event,
  channel: v.picklist(['webhook', 'email']),
  target: v.string(),
  attempts: v.number(),
  lastError: v.nullable(v.string()),
  status: v.picklist(OUTBOX_STATUSES),
  createdAt: v.string(),
  nextAttemptAt: v.string(),
  deliveredAt: v.nullable(v.string()),
});
export const NotificationListSchema = v.object({ items: v.array(NotificationSchema), nextBefore: v.nullable(v.number()) });

const wholeNumber = (min: number, max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^[0-9]{1,16}$/, 'must be a whole number'),
    v.transform(Number),
    v.number(),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

export const NotificationQuerySchema = v.object({
  status: v.optional(v.picklist(OUTBOX_STATUSES, `must be one of ${OUTBOX_STATUSES.join(', ')}`)),
  limit: v.optional(wholeNumber(1, NOTIFICATION_LIMIT_MAX), String(NOTIFICATION_LIMIT_DEFAULT)),
  before: v.optional(wholeNumber(1, Number.MAX_SAFE_INTEGER)),
});

const admins = requireAuth({ roles: ['admin'] });


export function notificationRoutes(deps: NotificationDeps) {
  const app = new Hono<AppEnv>();
  const auditOf = (c: Context) => ({ actor: actorOf(authOf(c)), now: deps.clock.now() });

  app.get('/api/v1/webhooks', admins, async (c) => {
    return c.json({ items: await deps.notifications.listWebhooks(authOf(c).orgId) });
  });

  app.post('/api/v1/webhooks', admins, async (c) => {
    const input = await readJson(c, CreateWebhookSchema);
    const created = await deps.notifications.createWebhook(authOf(c).orgId, input, auditOf(c));
    c.header('Cache-Control', 'no-store');
    return c.json(created, 201);
  });

  app.post('/api/v1/webhooks/:id/deactivate', admins, async (c) => {
    const hook = await deps.notifications.deactivateWebhook(authOf(c).orgId, idParam(c), auditOf(c));
    if (!hook) throw errors.notFound();
    return c.json(hook);
  });

  app.get('/api/v1/notifications', admins, async (c) => {
    const parsed = v.safeParse(NotificationQuerySchema, c.req.query());
    if (!parsed.success) throw new AppError(400, 'invalid_query', 'The query is invalid', toIssues(parsed.issues));
    const { status, limit, before } = parsed.output;
    const items = await deps.notifications.list(authOf(c).orgId, { status, limit, before });
    return c.json({ items, nextBefore: items.length === limit ? items[items.length - 1]!.id : null });
  });

  app.post('/api/v1/notifications/:id/retry', admins, async (c) => {
    const item = await deps.notifications.retry(authOf(c).orgId, idParam(c), auditOf(c));
    if (!item) throw errors.notFound();
    return c.json(item);
  });

  return app;
}
