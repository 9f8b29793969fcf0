import type { Operation } from '../openapi/spec.ts';
import {
  CreatedWebhookSchema,
  CreateWebhookSchema,
  NOTIFICATION_LIMIT_DEFAULT,
  NOTIFICATION_LIMIT_MAX,
  NotificationListSchema,
  NotificationSchema,
  WebhookListSchema,
  WebhookSchema,
} from './routes.ts';

const id = (what: string) => ({ name: 'id', in: 'path' as const, description: `${what} id` });
const auth = { '401': { description: 'Not signed in (`unauthorized`)' }, '403': { description: 'Not an admin (`forbidden`)' } };
const scoped = { ...auth, '404': { description: 'Not in your organization (`not_found`)' } };

const signing =
  'Deliveries are POST requests with the JSON body `{ "type", "timestamp", "data" }`, signed per the Standard Webhooks spec: ' +
  '`webhook-id` (stable across retries: de-duplicate on it), `webhook-timestamp` (unix seconds) and ' +
  '`webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the base64-decoded part of the `whsec_` secret. ' +
  'A 2xx answer within 10 s counts as delivered; anything else is retried with exponential backoff (10 s doubling, at most 1 h apart) ' +
  'and dead-lettered after OUTBOX_MAX_ATTEMPTS attempts.';

export const notificationOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/webhooks',
    summary: 'List webhook endpoints (admin), without their secrets',
    tags: ['notifications'],
    responses: { '200': { description: 'Webhooks', schema: WebhookListSchema }, ...auth },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks',
    summary: 'Create a webhook endpoint (admin)',
    description: `The answer holds the signing secret (\`whsec_\` + 32 random bytes, base64): it is shown only this once. ${signing}`,
    tags: ['notifications'],
    body: CreateWebhookSchema,
    responses: {
      '201': { description: 'Created, with the secret', schema: CreatedWebhookSchema },
      '400': { description: 'Invalid body (`invalid_body` with `issues`) or malformed JSON (`malformed_json`)' },
      '415': { description: 'Content-Type is not application/json (`unsupported_media_type`)' },
      ...auth,
    },
  },
  {
    method: 'post',
    path: '/api/v1/webhooks/{id}/deactivate',
    summary: 'Deactivate a webhook endpoint (admin)',
    description: 'It receives no new events; its undelivered notifications are dead-lettered at their next attempt.',
    tags: ['notifications'],
    params: [id('Webhook')],
    responses: { '200': { description: 'The webhook', schema: WebhookSchema }, ...scoped },
  },
  {
    method: 'get',
    path: '/api/v1/notifications',
    summary: 'The notification outbox of the organization (admin), newest first',
    description: 'Webhook and e-mail notifications with their delivery state; `dead` ones failed every attempt and can be retried.',
    tags: ['notifications'],
    params: [
      { name: 'status', in: 'query', description: 'pending, delivered or dead' },
      { name: 'limit', in: 'query', description: `At most this many (default ${NOTIFICATION_LIMIT_DEFAULT}, at most ${NOTIFICATION_LIMIT_MAX})` },
      { name: 'before', in: 'query', description: 'Only ids below this one (the `nextBefore` of the previous page)' },
    ],
    responses: {
      '200': { description: 'Notifications', schema: NotificationListSchema },
      '400': { description: 'Invalid query (`invalid_query` with `issues`)' },
      ...auth,
    },
  },
  {
    method: 'post',
    path: '/api/v1/notifications/{id}/retry',
    summary: 'Send a dead notification again (admin)',
    description: 'The notification goes back to pending, due now, with a fresh set of attempts. Audited.',
    tags: ['notifications'],
    params: [id('Notification')],
    responses: {
      '200': { description: 'The notification', schema: NotificationSchema },
      '409': { description: 'The notification is not dead (`conflict`)' },
      ...scoped,
    },
  },
];
