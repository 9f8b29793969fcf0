/**
 * Enqueues notifications in the same transaction as the event that causes them (a flag opened,
 * a praise letter received): one outbox row per destination. The worker delivers them later;
 * a crash or restart between the event and the delivery loses nothing.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { OutboxEvent } from '../../db/schema.ts';

export function outboxWriter(db: Db) {
  const c = db.$client;
  const hooks = c.prepare<[number], { id: number; events: string }>('SELECT id, events FROM webhooks WHERE org_id = ? AND active = 1');
  const employeeEmail = c.prepare<[number, number], { email: string | null }>('SELECT email FROM employees WHERE id = ? AND org_id = ?');
  /** Supervisors whose units contain the unit (directly or as an ancestor), else the admins. */
  const supervisorsOf = c.prepare<{ unitId: number; orgId: number }, { email: string }>(
    `WITH RECURSIVE up(id) AS (
       SELECT id FROM units WHERE id = @unitId AND org_id = @orgId
       UNION ALL SELECT u.parent_id FROM units u JOIN up ON u.id = up.id WHERE u.parent_id IS NOT NULL
     )
     SELECT DISTINCT us.email FROM users us JOIN supervisor_units su ON su.user_id = us.id
      WHERE us.org_id = @orgId AND us.active = 1 AND su.unit_id IN (SELECT id FROM up)`,
  );
  const admins = c.prepare<[number], { email: string }>("SELECT email FROM users WHERE org_id = ? AND role = 'admin' AND active = 1");
  const insert = c.prepare(
    `INSERT INTO outbox (org_id, event, channel, target, message_id, payload, status, attempts, next_attempt_at, created_at)
     VALUES (@orgId, @event, @channel, @target, @messageId, @payload, 'pending', 0, @now, @now)`,
  );

  function add(orgId: number, event: OutboxEvent, channel: 'webhook' | 'email', target: string, payload: unknown, now: Date) {
    insert.run({ orgId, event, channel, target, messageId: `msg_${randomUUID()}`, payload: JSON.stringify(payload), now: now.getTime() });
  }

  function toWebhooks(orgId: number, event: OutboxEvent, payload: unknown, now: Date) {
    for (const h of hooks.all(orgId)) {
      const events = JSON.parse(h.events) as string[];
      if (events.includes(event)) add(orgId, event, 'webhook', String(h.id), payload, now);
    }
  }

  return {
    /** Synchronous: call inside the transaction that stores the letter. */
    praiseReceived(orgId: number, employeeId: number, payload: Record<string, unknown>, now: Date): void {
      toWebhooks(orgId, 'praise.received', payload, now);
      const email = employeeEmail.get(employeeId, orgId)?.email;
      if (email) add(orgId, 'praise.received', 'email', email, payload, now);
    },
    /** Synchronous: call inside the transaction that opens the flag. */
    flagOpened(orgId: number, unitId: number, payload: Record<string, unknown>, now: Date): void {
      toWebhooks(orgId, 'flag.opened', payload, now);
      let to = supervisorsOf.all({ unitId, orgId }).map((r) => r.email);
      if (to.length === 0) to = admins.all(orgId).map((r) => r.email);
      for (const email of to) add(orgId, 'flag.opened', 'email', email, payload, now);
    },
  };
}

export type OutboxWriter = ReturnType<typeof outboxWriter>;
