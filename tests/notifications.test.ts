/**
 * Notifications: webhooks signed per Standard Webhooks and delivered to a real HTTP receiver,
 * e-mail delivered to a real SMTP server, retries with backoff, dead letters, claims that keep
 * overlapping runs from delivering twice, and an outbox that survives a restart.
 * Every server listens on 127.0.0.1, port 0, and is closed after each test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Config } from '../src/config.ts';
import { openMigratedDatabase } from '../src/db/client.ts';
import { outboxWriter } from '../src/features/notifications/outbox.ts';
import { CLAIM_LEASE_MS, notificationStore } from '../src/features/notifications/store.ts';
import { createNotificationWorker, type NotificationWorkerDeps, type WorkerLog } from '../src/features/notifications/worker.ts';
import { makeFixture, postJson, type Fixture } from './support/fixture.ts';

// standardwebhooks' verify() compares webhook-timestamp with the real time (5 minutes of
// tolerance), so the fixture's clock starts at the real time; the backoffs we advance through
// stay well inside that tolerance.
const realNow = () => new Date().toISOString();

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

// ───────────────────────────── helpers ─────────────────────────────

interface Delivery {
  headers: Record<string, string>;
  body: string;
}

/** A webhook receiver. `status(n)` answers the n-th request (0-based); 'hang' never answers. */
async function startReceiver(status: (n: number) => number | 'hang' = () => 204) {
  const received: Delivery[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const n = received.length;
      received.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
      const s = status(n);
      if (s === 'hang') return;
      res.writeHead(s, { 'content-type': 'text/plain' }).end(s >= 400 ? 'receiver is down' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  cleanups.push(close);
  return { url: `http://127.0.0.1:${port}/hooks/mirrorcard`, received };
}

interface MailReceived {
  from: string;
  to: string[];
  raw: string;
}

async function startSmtp() {
  const messages: MailReceived[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        messages.push({
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { smtpUrl: `smtp://127.0.0.1:${port}`, messages };
}

/** Decodes RFC 2047 encoded words (B and Q), enough for nodemailer's subjects. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

/** A single-part text message: its headers (unfolded, lower-case names) and its decoded text. */
function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = raw.slice(split + 4);
  const text = /base64/i.test(headers['content-transfer-encoding'] ?? '') ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : body;
  return { headers, text };
}

interface OutboxRow {
  id: number;
  org_id: number;
  event: string;
  channel: string;
  target: string;
  message_id: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
}
const outboxRows = (f: Fixture) => f.db.$client.prepare('SELECT * FROM outbox ORDER BY id').all() as OutboxRow[];

async function createHook(f: Fixture, url: string, events: string[] = ['praise.received'], user = f.users.admin) {
  const res = await postJson(f.app, '/api/v1/webhooks', { url, events }, await f.as(user));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: number; url: string; secret: string; events: string[]; active: boolean };
}

async function praise(f: Fixture, body: string, extra: Record<string, unknown> = {}) {
  const res = await postJson(f.app, `/api/v1/t/${f.touchpoints.bib.code}/praise`, { body, ...extra });
  expect(res.status).toBe(201);
}

function worker(f: Fixture, extra: Partial<NotificationWorkerDeps> = {}) {
  const w = createNotificationWorker({ db: f.db, config: f.config, clock: f.clock, random: () => 0, ...extra });
  cleanups.push(() => w.stop());
  return w;
}

interface NotificationList {
  items: { id: number; event: string; channel: string; target: string; attempts: number; lastError: string | null; status: string; createdAt: string; nextAttemptAt: string }[];
}

// ───────────────────────────── webhook administration ─────────────────────────────

describe('webhook administration', () => {
  test('an admin creates a webhook: the whsec_ secret is returned once, never listed, never audited', async () => {
    const f = await makeFixture();
    const hook = await createHook(f, 'https://hooks.example.com/mirrorcard', ['praise.received', 'flag.opened', 'praise.received']);
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(hook.secret.slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(hook.events).toEqual(['praise.received', 'flag.opened']);
    expect(hook.active).toBe(true);

    const list = await f.app.request('/api/v1/webhooks', { headers: await f.as(f.users.admin) });
    const text = await list.text();
    expect(text).not.toContain(hook.secret.slice(6));
    expect((JSON.parse(text) as { items: { id: number }[] }).items.map((h) => h.id)).toEqual([hook.id]);

    const audit = f.db.$client.prepare("SELECT entity_id AS id, after FROM audit_log WHERE action = 'webhook.create'").all() as { id: string; after: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.id).toBe(String(hook.id));
    expect(audit[0]!.after).not.toContain(hook.secret.slice(6));
  });

  test('bad input is a 400 with issues; only admins may manage webhooks', async () => {
    const f = await makeFixture();
    const admin = await f.as(f.users.admin);
    const bad = await postJson(f.app, '/api/v1/webhooks', { url: 'ftp://example.com/x', events: ['praise.sent'], secret: 'mine' }, admin);
    expect(bad.status).toBe(400);
    const issues = ((await bad.json()) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path).sort();
    expect(issues).toEqual(['events.0', 'secret', 'url']);
    expect((await postJson(f.app, '/api/v1/webhooks', { url: 'not a url', events: [] }, admin)).status).toBe(400);
    for (const user of [f.users.supervisorGolf, f.users.staffKim]) {
      expect((await postJson(f.app, '/api/v1/webhooks', { url: 'https://x.example', events: ['flag.opened'] }, await f.as(user))).status).toBe(403);
      expect((await f.app.request('/api/v1/webhooks', { headers: await f.as(user) })).status).toBe(403);
      expect((await f.app.request('/api/v1/notifications', { headers: await f.as(user) })).status).toBe(403);
    }
    expect((await f.app.request('/api/v1/webhooks')).status).toBe(401);
    expect(f.count('webhooks')).toBe(0);
  });

  test('deactivation is audited, scoped to the organization, and stops new events', async () => {
    const f = await makeFixture();
    const hook = await createHook(f, 'https://hooks.example.com/a');
    const foreign = await postJson(f.app, `/api/v1/webhooks/${hook.id}/deactivate`, {}, await f.as(f.users.otherAdmin));
    expect(foreign.status).toBe(404);
    const otherList = (await (await f.app.request('/api/v1/webhooks', { headers: await f.as(f.users.otherAdmin) })).json()) as { items: unknown[] };
    expect(otherList.items).toEqual([]);

    await praise(f, 'before');
    expect(outboxRows(f).filter((r) => r.channel === 'webhook')).toHaveLength(1);
    const res = await postJson(f.app, `/api/v1/webhooks/${hook.id}/deactivate`, {}, await f.as(f.users.admin));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { active: boolean }).active).toBe(false);
    expect(f.db.$client.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'webhook.deactivate'").get()).toEqual({ n: 1 });
    await praise(f, 'after');
    expect(outboxRows(f).filter((r) => r.channel === 'webhook')).toHaveLength(1);
  });

  test('the notifications list validates its query', async () => {
    const f = await makeFixture();
    const res = await f.app.request('/api/v1/notifications?status=lost&limit=0', { headers: await f.as(f.users.admin) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_query');
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['limit', 'status']);
  });
});

// ───────────────────────────── webhook delivery ─────────────────────────────

describe('webhook delivery', () => {
  test('signed per Standard Webhooks; a 500 is retried after the backoff with the same webhook-id, then delivered', async () => {
    const f = await makeFixture({ now: realNow() });
    const receiver = await startReceiver((n) => (n === 0 ? 500 : 204));
    const hook = await createHook(f, receiver.url);
    await praise(f, 'Minji found my lost ball and my good mood — thank you!', { signature: 'A grateful golfer' });
    const w = worker(f);

    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect(receiver.received).toHaveLength(1);
    let row = outboxRows(f)[0]!;
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toContain('HTTP 500');
    expect(row.next_attempt_at).toBe(f.clock.now().getTime() + 10_000); // first backoff: 10 s (jitter 0)

    f.clock.advance(9_000);
    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(receiver.received).toHaveLength(1);

    f.clock.advance(1_000);
    const sentAt = f.clock.now();
    expect(await w.runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(receiver.received).toHaveLength(2);
    row = outboxRows(f)[0]!;
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });

    const wh = new Webhook(hook.secret);
    for (const d of receiver.received) {
      expect(() => wh.verify(d.body, d.headers)).not.toThrow();
      expect(d.headers['webhook-id']).toBe(row.message_id);
      expect(d.headers['content-type']).toBe('application/json');
    }
    const last = receiver.received[1]!;
    expect(last.headers['webhook-timestamp']).toBe(String(Math.floor(sentAt.getTime() / 1000)));
    expect(last.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const payload = wh.verify(last.body, last.headers) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(payload.type).toBe('praise.received');
    expect(payload.timestamp).toBe(sentAt.toISOString());
    expect(payload.data).toMatchObject({ body: 'Minji found my lost ball and my good mood — thank you!', signature: 'A grateful golfer', employeeId: f.employees.kim.id });
    // A tampered body or another secret does not verify.
    expect(() => wh.verify(last.body.replace('thank you', 'no thanks'), last.headers)).toThrow();
    expect(() => new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(last.body, last.headers)).toThrow();

    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(receiver.received).toHaveLength(2);
  });

  test('a receiver that always fails: dead-lettered after outboxMaxAttempts, visible to the admin only, and retried on request', async () => {
    const f = await makeFixture({ now: realNow(), config: { outboxMaxAttempts: 3 } });
    let up = false;
    const receiver = await startReceiver(() => (up ? 200 : 503));
    await createHook(f, receiver.url);
    await praise(f, 'Thank you for the patience.');
    const w = worker(f);

    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    f.clock.advance(10_000);
    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    f.clock.advance(20_000);
    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 0, dead: 1 });
    expect(receiver.received).toHaveLength(3);
    f.clock.advance(3_600_000);
    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(receiver.received).toHaveLength(3);

    const admin = await f.as(f.users.admin);
    const dead = (await (await f.app.request('/api/v1/notifications?status=dead', { headers: admin })).json()) as NotificationList;
    expect(dead.items).toHaveLength(1);
    const item = dead.items[0]!;
    expect(item).toMatchObject({ event: 'praise.received', channel: 'webhook', attempts: 3, status: 'dead' });
    expect(item.lastError).toContain('HTTP 503');
    expect(item.lastError).toContain('receiver is down');
    expect(((await (await f.app.request('/api/v1/notifications?status=pending', { headers: admin })).json()) as NotificationList).items).toEqual([]);

    const other = await f.as(f.users.otherAdmin);
    expect(((await (await f.app.request('/api/v1/notifications?status=dead', { headers: other })).json()) as NotificationList).items).toEqual([]);
    expect(((await (await f.app.request('/api/v1/notifications', { headers: other })).json()) as NotificationList).items).toEqual([]);
    expect((await postJson(f.app, `/api/v1/notifications/${item.id}/retry`, {}, other)).status).toBe(404);

    const retried = await postJson(f.app, `/api/v1/notifications/${item.id}/retry`, {}, admin);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ id: item.id, status: 'pending', attempts: 0 });
    expect((await postJson(f.app, `/api/v1/notifications/${item.id}/retry`, {}, admin)).status).toBe(409);
    const audit = f.db.$client.prepare("SELECT actor_user_id AS actor, before, after FROM audit_log WHERE action = 'notification.retry'").all() as { actor: number; before: string; after: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe(f.users.admin.id);
    expect(JSON.parse(audit[0]!.before)).toMatchObject({ status: 'dead', attempts: 3 });
    expect(JSON.parse(audit[0]!.after)).toMatchObject({ status: 'pending', attempts: 0 });

    up = true;
    expect(await w.runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(outboxRows(f)[0]).toMatchObject({ status: 'delivered' });
  });

  test('overlapping runs — in one worker or two — deliver each row once', async () => {
    const f = await makeFixture({ now: realNow() });
    const receiver = await startReceiver();
    await createHook(f, receiver.url);
    await praise(f, 'one');
    await praise(f, 'two');
    const a = worker(f);
    const b = worker(f);
    const results = await Promise.all([a.runOnce(), a.runOnce(), b.runOnce(), b.runOnce()]);
    expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(2);
    expect(receiver.received).toHaveLength(2);
    expect(new Set(receiver.received.map((d) => d.headers['webhook-id'])).size).toBe(2);
    expect(outboxRows(f).map((r) => r.status)).toEqual(['delivered', 'delivered']);
  });

  test('a row claimed by a worker that died is due again after the lease', async () => {
    const f = await makeFixture({ now: realNow() });
    const receiver = await startReceiver();
    await createHook(f, receiver.url);
    await praise(f, 'lease');
    // A worker claims the row and crashes before it reports back.
    const claimed = await notificationStore(f.db).claimDue({ now: f.clock.now(), limit: 10 });
    expect(claimed).toHaveLength(1);
    const w = worker(f);
    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    f.clock.advance(CLAIM_LEASE_MS - 1);
    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    f.clock.advance(1);
    expect(await w.runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(receiver.received).toHaveLength(1);
    // The dead worker's late report changes nothing.
    expect(await notificationStore(f.db).markDelivered(claimed[0]!, f.clock.now())).toBe(false);
  });

  test("one organization's webhook never receives another organization's events", async () => {
    const f = await makeFixture({ now: realNow() });
    const ours = await startReceiver();
    const theirs = await startReceiver();
    await createHook(f, ours.url);
    await createHook(f, theirs.url, ['praise.received', 'flag.opened'], f.users.otherAdmin);
    await praise(f, 'for hanbit only');
    const w = worker(f);
    expect(await w.runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(ours.received).toHaveLength(1);
    expect(theirs.received).toHaveLength(0);

    const res = await postJson(f.app, `/api/v1/t/${f.other.touchpoint.code}/praise`, { body: 'for other only', employeeId: f.other.employee.id });
    expect(res.status).toBe(201);
    expect(await w.runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(ours.received).toHaveLength(1);
    expect(theirs.received).toHaveLength(1);
    expect(theirs.received[0]!.body).toContain('for other only');
  });

  test('a hanging receiver times out (a failed attempt); a deactivated webhook dead-letters its rows without a request', async () => {
    const f = await makeFixture({ now: realNow() });
    const hanging = await startReceiver(() => 'hang');
    await createHook(f, hanging.url);
    await praise(f, 'slow');
    const w = worker(f, { webhookTimeoutMs: 200 });
    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect(outboxRows(f)[0]!.last_error).toMatch(/timed out|abort/i);

    const g = await makeFixture({ now: realNow() });
    const receiver = await startReceiver();
    const hook = await createHook(g, receiver.url);
    await praise(g, 'enqueued before the deactivation');
    await postJson(g.app, `/api/v1/webhooks/${hook.id}/deactivate`, {}, await g.as(g.users.admin));
    expect(await worker(g).runOnce()).toEqual({ delivered: 0, failed: 0, dead: 1 });
    expect(receiver.received).toHaveLength(0);
    expect(outboxRows(g)[0]!.last_error).toContain('deactivated');
  });

  test('start() delivers on a timer; stop() waits for the run in flight and ends the loop', async () => {
    const f = await makeFixture({ now: realNow() });
    const receiver = await startReceiver();
    await createHook(f, receiver.url);
    await praise(f, 'timer');
    const w = worker(f);
    w.start(10);
    await vi.waitFor(() => expect(outboxRows(f)[0]!.status).toBe('delivered'), { timeout: 5_000, interval: 10 });
    await w.stop();
    await praise(f, 'after stop');
    await new Promise((r) => setTimeout(r, 50));
    expect(outboxRows(f)[1]!.status).toBe('pending');
    expect(receiver.received).toHaveLength(1);
  });
});

// ───────────────────────────── e-mail ─────────────────────────────

describe('e-mail delivery', () => {
  const withSmtp = async (extra: Partial<Config> = {}) => {
    const smtp = await startSmtp();
    const f = await makeFixture({ now: realNow(), config: { smtpUrl: smtp.smtpUrl, mailFrom: 'mirrorcard <noreply@hanbit.example>', ...extra } });
    return { f, smtp };
  };

  test('a praise letter reaches the employee by e-mail, in Korean and English', async () => {
    const { f, smtp } = await withSmtp();
    f.db.$client.prepare('UPDATE employees SET email = ? WHERE id = ?').run('minji.kim@hanbit.example', f.employees.kim.id);
    await praise(f, '김캐디님 덕분에 즐거운 라운드였습니다. MARKER-7f3a thank you!', { signature: '박 고객' });
    expect(outboxRows(f)).toMatchObject([{ channel: 'email', target: 'minji.kim@hanbit.example', status: 'pending' }]);

    expect(await worker(f).runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(smtp.messages).toHaveLength(1);
    const msg = smtp.messages[0]!;
    expect(msg.to).toEqual(['minji.kim@hanbit.example']);
    expect(msg.from).toBe('noreply@hanbit.example');
    const { headers, text } = parseMail(msg.raw);
    expect(decodeWords(headers.subject ?? '')).toBe('You received a praise letter / 칭찬 편지가 도착했습니다');
    expect(text).toContain('김캐디님 덕분에 즐거운 라운드였습니다. MARKER-7f3a thank you!');
    expect(text).toContain('— 박 고객');
    expect(text).toContain('칭찬 편지가 도착했습니다');
    expect(text).toContain('You received a praise letter');
    expect(outboxRows(f)[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  test('a flag notice reaches the supervisors with the explanation and the /flags link', async () => {
    const { f, smtp } = await withSmtp();
    f.db.$client.transaction(() =>
      outboxWriter(f.db).flagOpened(f.org.id, f.units.caddies.id, { type: 'flag.opened', flagId: 1, explanation: 'Five negative cards about courtesy in 30 days.' }, f.clock.now()),
    )();
    expect(await worker(f).runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(smtp.messages.map((m) => m.to)).toEqual([['golf.lead@hanbit.example']]);
    const { headers, text } = parseMail(smtp.messages[0]!.raw);
    expect(decodeWords(headers.subject ?? '')).toContain('코칭');
    expect(text).toContain('Five negative cards about courtesy in 30 days.');
    expect(text).toContain('http://localhost:3000/flags');
  });

  test('an unreachable SMTP server is a failed attempt, retried later', async () => {
    // Nothing listens on port 1: the connection is refused at once.
    const f = await makeFixture({ now: realNow(), config: { smtpUrl: 'smtp://127.0.0.1:1' } });
    f.db.$client.prepare('UPDATE employees SET email = ? WHERE id = ?').run('minji.kim@hanbit.example', f.employees.kim.id);
    await praise(f, 'nobody listens on port 1');
    expect(await worker(f).runOnce()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect(outboxRows(f)[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(outboxRows(f)[0]!.last_error).toBeTruthy();
  });

  test('without SMTP_URL, e-mail rows wait as pending (never dead) and a warning is logged once', async () => {
    const f = await makeFixture({ now: realNow(), config: { outboxMaxAttempts: 1 } });
    f.db.$client.prepare('UPDATE employees SET email = ? WHERE id = ?').run('minji.kim@hanbit.example', f.employees.kim.id);
    const receiver = await startReceiver();
    await createHook(f, receiver.url);
    await praise(f, 'waiting for a mail server');
    const log: WorkerLog = { warn: vi.fn(), error: vi.fn() };
    const w = worker(f, { log });
    expect(await w.runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 }); // the webhook
    f.clock.advance(3_600_000);
    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(outboxRows(f).find((r) => r.channel === 'email')).toMatchObject({ status: 'pending', attempts: 0, last_error: null });
  });
});

// ───────────────────────────── restart ─────────────────────────────

describe('durability', () => {
  test('a pending row survives a restart and is delivered exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirrorcard-outbox-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'mirrorcard.db');
    const receiver = await startReceiver();

    const f = await makeFixture({ db: openMigratedDatabase(file), now: realNow() });
    const hook = await createHook(f, receiver.url);
    await praise(f, 'written before the restart');
    expect(outboxRows(f)).toMatchObject([{ status: 'pending', attempts: 0 }]);
    f.db.$client.close();

    const db = openMigratedDatabase(file);
    cleanups.push(() => {
      if (db.$client.open) db.$client.close();
    });
    const w = createNotificationWorker({ db, config: f.config, clock: f.clock });
    cleanups.push(() => w.stop());
    expect(await w.runOnce()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(() => new Webhook(hook.secret).verify(receiver.received[0]!.body, receiver.received[0]!.headers)).not.toThrow();
    expect(receiver.received[0]!.body).toContain('written before the restart');
    expect(db.$client.prepare('SELECT status FROM outbox').all()).toEqual([{ status: 'delivered' }]);
    expect(await w.runOnce()).toEqual({ delivered: 0, failed: 0, dead: 0 });
    expect(receiver.received).toHaveLength(1);
  });
});
