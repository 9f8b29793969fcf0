/**
 * The outbox as the worker and the admins see it, and the organization's webhook endpoints.
 *
 * Claiming: the worker takes due rows (`pending`, `next_attempt_at <= now`) with one
 * `UPDATE … RETURNING` that moves their `next_attempt_at` a lease ahead. Another run — in this
 * process or another — no longer sees them as due, so a row is never delivered twice by two
 * overlapping runs; a process that crashes mid-delivery leaves them pending, and they become due
 * again when the lease ends. Marking a row delivered or failed is fenced on the `attempts` the
 * claim saw, so a late answer from a stale run cannot overwrite a newer outcome.
 *
 * Every admin query takes the caller's organization: another organization's id is not found.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { OUTBOX_STATUSES, type OutboxEvent } from '../../db/schema.ts';
import { AppError } from '../../lib/errors.ts';
import { recordAudit, type Actor } from '../audit/store.ts';

export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export type OutboxChannel = 'webhook' | 'email';

/** A row the worker has claimed and now delivers. */
export interface ClaimedNotification {
  id: number;
  orgId: number;
  event: OutboxEvent;
  channel: OutboxChannel;
  /** Webhook id (channel webhook) or e-mail address (channel email). */
  target: string;
  messageId: string;
  payload: Record<string, unknown>;
  /** Attempts made before this one. */
  attempts: number;
  createdAt: Date;
}

/** What admins see of an outbox row. */
export interface NotificationItem {
  id: number;
  event: OutboxEvent;
  channel: OutboxChannel;
  target: string;
  attempts: number;
  lastError: string | null;
  status: OutboxStatus;
  createdAt: string;
  nextAttemptAt: string;
  deliveredAt: string | null;
}

export interface WebhookItem {
  id: number;
  url: string;
  events: OutboxEvent[];
  active: boolean;
  createdAt: string;
}

/** Returned once, at creation: the only time the signing secret leaves the server. */
export interface CreatedWebhook extends WebhookItem {
  secret: string;
}

export interface WebhookForDelivery {
  url: string;
  secret: string;
  active: boolean;
}

/** First retry after 10 s, doubling, at most an hour apart. */
export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_MAX_MS = 3_600_000;
/** Up to this fraction is added at random, so failing rows do not retry in lockstep. */
export const BACKOFF_JITTER = 0.1;
/** A claimed row becomes due again after this long if its worker never reports back (a crash). */
export const CLAIM_LEASE_MS = 5 * 60_000;
/** Stored error texts are cut to this many characters. */
export const ERROR_MAX = 500;

/**
 * The delay before the next attempt, after `attempts` failed ones (1-based): 10 s × 2^(attempts−1),
 * capped at one hour, plus up to 10 % jitter.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
  return Math.round(base * (1 + BACKOFF_JITTER * Math.min(Math.max(random(), 0), 1)));
}

export function truncateError(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > ERROR_MAX ? `${oneLine.slice(0, ERROR_MAX - 1)}…` : oneLine;
}

/** `whsec_` + 32 random bytes, base64: the Standard Webhooks secret format. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

interface OutboxRow {
  id: number;
  org_id: number;
  event: OutboxEvent;
  channel: OutboxChannel;
  target: string;
  message_id: string;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

interface WebhookRow {
  id: number;
  org_id: number;
  url: string;
  secret: string;
  events: string;
  active: number;
  created_at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function parsePayload(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return {};
  }
}

function toItem(r: OutboxRow): NotificationItem {
  return {
    id: r.id,
    event: r.event,
    channel: r.channel,
    target: r.target,
    attempts: r.attempts,
    lastError: r.last_error,
    status: r.status,
    createdAt: iso(r.created_at),
    nextAttemptAt: iso(r.next_attempt_at),
    deliveredAt: r.delivered_at == null ? null : iso(r.delivered_at),
  };
}

function toWebhook(r: WebhookRow): WebhookItem {
  return { id: r.id, url: r.url, events: JSON.parse(r.events) as OutboxEvent[], active: r.active === 1, createdAt: iso(r.created_at) };
}

export const notDead = () => new AppError(409, 'conflict', 'Only a dead notification can be retried');

export function notificationStore(db: Db) {
  const c = db.$client;

  // ── worker ──
  const claimSql = (channels: string) => `
    UPDATE outbox SET next_attempt_at = @leaseUntil
     WHERE id IN (SELECT id FROM outbox
                   WHERE status = 'pending' AND next_attempt_at <= @now ${channels}
                   ORDER BY next_attempt_at, id LIMIT @limit)
       AND status = 'pending' AND next_attempt_at <= @now
    RETURNING *`;
  type ClaimParams = { now: number; leaseUntil: number; limit: number };
  const claimAll = c.prepare<ClaimParams, OutboxRow>(claimSql(''));
  const claimWebhooks = c.prepare<ClaimParams, OutboxRow>(claimSql("AND channel = 'webhook'"));
  const claimTx = c.transaction((stmt: typeof claimAll, params: ClaimParams) => stmt.all(params));
  const dueEmail = c.prepare<[number], { one: number }>(
    "SELECT 1 AS one FROM outbox WHERE status = 'pending' AND channel = 'email' AND next_attempt_at <= ? LIMIT 1",
  );
  const delivered = c.prepare<{ id: number; attempts: number; now: number }>(
    `UPDATE outbox SET status = 'delivered', attempts = @attempts + 1, delivered_at = @now
      WHERE id = @id AND status = 'pending' AND attempts = @attempts`,
  );
  const failed = c.prepare<{ id: number; attempts: number; status: OutboxStatus; next: number; error: string }>(
    `UPDATE outbox SET status = @status, attempts = @attempts + 1, next_attempt_at = @next, last_error = @error
      WHERE id = @id AND status = 'pending' AND attempts = @attempts`,
  );
  const hookForDelivery = c.prepare<[number, number], { url: string; secret: string; active: number }>(
    'SELECT url, secret, active FROM webhooks WHERE id = ? AND org_id = ?',
  );

  // ── admins ──
  const byId = c.prepare<[number, number], OutboxRow>('SELECT * FROM outbox WHERE id = ? AND org_id = ?');
  const retryDead = c.prepare<{ id: number; orgId: number; now: number }>(
    `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = @now
      WHERE id = @id AND org_id = @orgId AND status = 'dead'`,
  );
  const listStmt = c.prepare<{ orgId: number; status: OutboxStatus | null; before: number | null; limit: number }, OutboxRow>(
    `SELECT * FROM outbox
      WHERE org_id = @orgId AND (@status IS NULL OR status = @status) AND (@before IS NULL OR id < @before)
      ORDER BY id DESC LIMIT @limit`,
  );
  const insertHook = c.prepare<{ orgId: number; url: string; secret: string; events: string; now: number }, WebhookRow>(
    `INSERT INTO webhooks (org_id, url, secret, events, active, created_at)
     VALUES (@orgId, @url, @secret, @events, 1, @now) RETURNING *`,
  );
  const listHooks = c.prepare<[number], WebhookRow>('SELECT * FROM webhooks WHERE org_id = ? ORDER BY id');
  const hookById = c.prepare<[number, number], WebhookRow>('SELECT * FROM webhooks WHERE id = ? AND org_id = ?');
  const deactivateHook = c.prepare<[number, number]>('UPDATE webhooks SET active = 0 WHERE id = ? AND org_id = ?');

  return {
    /**
     * Claims up to `limit` due rows, oldest first, leasing them for `leaseMs`. With
     * `emails: false` e-mail rows are left alone (no SMTP server configured: they wait).
     */
    async claimDue(opts: { now: Date; limit: number; leaseMs?: number; emails?: boolean }): Promise<ClaimedNotification[]> {
      const now = opts.now.getTime();
      const params = { now, leaseUntil: now + (opts.leaseMs ?? CLAIM_LEASE_MS), limit: opts.limit };
      const rows = claimTx.immediate(opts.emails === false ? claimWebhooks : claimAll, params);
      return rows
        .sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.id - b.id)
        .map((r) => ({
          id: r.id,
          orgId: r.org_id,
          event: r.event,
          channel: r.channel,
          target: r.target,
          messageId: r.message_id,
          payload: parsePayload(r.payload),
          attempts: r.attempts,
          createdAt: new Date(r.created_at),
        }));
    },

    /** True when an e-mail row is due (used to warn that no SMTP server is configured). */
    async hasDueEmail(now: Date): Promise<boolean> {
      return dueEmail.get(now.getTime()) !== undefined;
    },

    /** The endpoint a webhook row goes to, within the row's organization. */
    async webhookForDelivery(orgId: number, webhookId: number): Promise<WebhookForDelivery | undefined> {
      const r = hookForDelivery.get(webhookId, orgId);
      return r && { url: r.url, secret: r.secret, active: r.active === 1 };
    },

    /** False if the claim is stale (another run already settled the row). */
    async markDelivered(row: Pick<ClaimedNotification, 'id' | 'attempts'>, now: Date): Promise<boolean> {
      return delivered.run({ id: row.id, attempts: row.attempts, now: now.getTime() }).changes === 1;
    },

    /**
     * Records a failed attempt: the row is retried after the backoff, or dead-lettered once it has
     * had `maxAttempts` attempts (or at once with `permanent`). `stale`: another run settled it.
     */
    async recordFailure(
      row: Pick<ClaimedNotification, 'id' | 'attempts'>,
      error: string,
      opts: { now: Date; maxAttempts: number; permanent?: boolean; random?: () => number },
    ): Promise<'retry' | 'dead' | 'stale'> {
      const attempts = row.attempts + 1;
      const dead = opts.permanent === true || attempts >= opts.maxAttempts;
      const next = dead ? opts.now.getTime() : opts.now.getTime() + backoffMs(attempts, opts.random);
      const changes = failed.run({ id: row.id, attempts: row.attempts, status: dead ? 'dead' : 'pending', next, error: truncateError(error) }).changes;
      if (changes !== 1) return 'stale';
      return dead ? 'dead' : 'retry';
    },

    /** The organization's outbox, newest first; `before` is an id cursor. */
    async list(orgId: number, opts: { status?: OutboxStatus | undefined; limit: number; before?: number | undefined }): Promise<NotificationItem[]> {
      return listStmt.all({ orgId, status: opts.status ?? null, before: opts.before ?? null, limit: opts.limit }).map(toItem);
    },

    async get(orgId: number, id: number): Promise<NotificationItem | undefined> {
      const r = byId.get(id, orgId);
      return r && toItem(r);
    },

    /**
     * A dead row goes back to pending, due now, with a fresh set of attempts (the audit entry keeps
     * the attempts and the last error it had). Undefined: not in the organization; 409 if not dead.
     */
    async retry(orgId: number, id: number, audit: { actor: Actor; now: Date }): Promise<NotificationItem | undefined> {
      return db.transaction(
        (tx) => {
          const before = byId.get(id, orgId);
          if (!before) return undefined;
          if (before.status !== 'dead') throw notDead();
          retryDead.run({ id, orgId, now: audit.now.getTime() });
          const after = byId.get(id, orgId)!;
          recordAudit(tx, audit.actor, {
            action: 'notification.retry',
            entity: 'notification',
            entityId: id,
            before: { status: before.status, attempts: before.attempts, lastError: before.last_error },
            after: { status: after.status, attempts: after.attempts, nextAttemptAt: iso(after.next_attempt_at) },
            at: audit.now,
          });
          return toItem(after);
        },
        { behavior: 'immediate' },
      );
    },

    // ── webhooks ──

    /** Creates an endpoint with a fresh secret; the secret is in the answer, never in the audit log. */
    async createWebhook(orgId: number, input: { url: string; events: readonly OutboxEvent[] }, audit: { actor: Actor; now: Date }): Promise<CreatedWebhook> {
      const events = [...new Set(input.events)];
      return db.transaction(
        (tx) => {
          const row = insertHook.get({ orgId, url: input.url, secret: generateWebhookSecret(), events: JSON.stringify(events), now: audit.now.getTime() })!;
          const hook = toWebhook(row);
          recordAudit(tx, audit.actor, { action: 'webhook.create', entity: 'webhook', entityId: row.id, after: hook, at: audit.now });
          return { ...hook, secret: row.secret };
        },
        { behavior: 'immediate' },
      );
    },

    /** Without secrets. */
    async listWebhooks(orgId: number): Promise<WebhookItem[]> {
      return listHooks.all(orgId).map(toWebhook);
    },

    /** Undefined: not in the organization. Deactivating twice is harmless (audited once). */
    async deactivateWebhook(orgId: number, id: number, audit: { actor: Actor; now: Date }): Promise<WebhookItem | undefined> {
      return db.transaction(
        (tx) => {
          const before = hookById.get(id, orgId);
          if (!before) return undefined;
          if (before.active === 1) {
            deactivateHook.run(id, orgId);
            recordAudit(tx, audit.actor, {
              action: 'webhook.deactivate',
              entity: 'webhook',
              entityId: id,
              before: { active: true },
              after: { active: false },
              at: audit.now,
            });
          }
          return { ...toWebhook(before), active: false };
        },
        { behavior: 'immediate' },
      );
    },
  };
}

export type NotificationStore = ReturnType<typeof notificationStore>;
