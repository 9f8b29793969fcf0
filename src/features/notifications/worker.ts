/**
 * Delivers the outbox: webhooks (signed per the Standard Webhooks spec) and e-mail (SMTP through
 * nodemailer). Runs inside the server process on a timer; `runOnce` is one deterministic pass for
 * tests and tools.
 *
 * At least once, never twice concurrently: each run claims its rows in one UPDATE (see the store),
 * so overlapping runs — here or in another process — never deliver the same row; a row claimed
 * by a process that died becomes due again after the lease. Receivers de-duplicate on
 * `webhook-id`, which stays the same across retries.
 */
import { createTransport, type SendMailOptions } from 'nodemailer';
import { Webhook } from 'standardwebhooks';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/client.ts';
import { notificationStore, type ClaimedNotification } from './store.ts';

/** What the worker needs of a mail transport: a nodemailer Transporter (createTransport) fits. */
export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
  close?(): void;
}

export interface WorkerLog {
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export interface NotificationWorkerDeps {
  db: Db;
  config: Config;
  clock: Clock;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Defaults to an SMTP transport on `config.smtpUrl`; without either, e-mail rows wait. */
  mailer?: MailTransport;
  log?: WorkerLog;
  /** Rows claimed per run (default 25). */
  batchSize?: number;
  /** Deliveries in flight at once within a run (default 5). */
  concurrency?: number;
  /** Per webhook request, headers and body (default 10 s). */
  webhookTimeoutMs?: number;
  /** Jitter source for the backoff (default Math.random). */
  random?: () => number;
}

export interface RunResult {
  delivered: number;
  /** Failed attempts that will be retried after the backoff. */
  failed: number;
  /** Rows dead-lettered in this run. */
  dead: number;
}

/** A failure that retrying cannot fix (the webhook was deactivated or deleted): dead at once. */
class PermanentFailure extends Error {}

const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;
/** Overall limit of one e-mail send; with the batch and concurrency limits, a run stays well within the claim lease. */
const EMAIL_TIMEOUT_MS = 30_000;
const RESPONSE_SNIPPET_BYTES = 300;

const consoleLog: WorkerLog = {
  warn: (message) => console.warn(message),
  error: (message, err) => console.error(message, err),
};

function errorText(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return `timed out: ${err.message}`;
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}

/** The first few hundred bytes of a response body, for the stored error; the rest is discarded. */
async function snippet(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_SNIPPET_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // The body is only for the error text.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, RESPONSE_SNIPPET_BYTES).toString('utf8');
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** Subject and plain-text body, Korean and English. Payloads carry no customer contact details. */
export function composeEmail(row: Pick<ClaimedNotification, 'event' | 'payload'>, publicBaseUrl: string): { subject: string; text: string } {
  const p = row.payload;
  if (row.event === 'praise.received') {
    const body = str(p.body) ?? '';
    const signature = str(p.signature);
    const letter = [body, ...(signature ? ['', `— ${signature}`] : [])].join('\n');
    return {
      subject: 'You received a praise letter / 칭찬 편지가 도착했습니다',
      text: [
        '칭찬 편지가 도착했습니다. 고객님이 감사의 마음을 전해 왔습니다.',
        'You received a praise letter: a customer wrote to thank you.',
        '',
        '────────────────────',
        letter,
        '────────────────────',
        '',
        '수고에 감사드립니다. / Thank you for your work.',
      ].join('\n'),
    };
  }
  const explanation = str(p.explanation) ?? '';
  const link = `${publicBaseUrl}/flags`;
  return {
    subject: 'A coaching flag was opened / 코칭 플래그가 열렸습니다',
    text: [
      '담당 범위의 직원에게 코칭 플래그가 열렸습니다. 근거를 확인하고 코칭 일정을 잡아 주세요.',
      'A coaching flag was opened for someone in your units. Please review the evidence and plan a coaching conversation.',
      '',
      explanation,
      '',
      `확인하기 / Review: ${link}`,
    ].join('\n'),
  };
}

export function createNotificationWorker(deps: NotificationWorkerDeps) {
  const { config, clock } = deps;
  const store = notificationStore(deps.db);
  const doFetch = deps.fetch ?? globalThis.fetch;
  const log = deps.log ?? consoleLog;
  const batchSize = deps.batchSize ?? 25;
  const concurrency = Math.max(1, deps.concurrency ?? 5);
  const webhookTimeoutMs = deps.webhookTimeoutMs ?? 10_000;
  const ownsMailer = !deps.mailer && config.smtpUrl !== undefined;
  const mailer: MailTransport | undefined =
    deps.mailer ?? (config.smtpUrl ? createTransport({ url: config.smtpUrl, ...SMTP_TIMEOUTS }) : undefined);
  let warnedNoSmtp = false;

  async function sendWebhook(row: ClaimedNotification): Promise<void> {
    const hookId = Number(row.target);
    const hook = Number.isSafeInteger(hookId) ? await store.webhookForDelivery(row.orgId, hookId) : undefined;
    if (!hook) throw new PermanentFailure('the webhook no longer exists');
    if (!hook.active) throw new PermanentFailure('the webhook was deactivated');
    const now = clock.now();
    const body = JSON.stringify({ type: row.event, timestamp: now.toISOString(), data: row.payload });
    const signature = new Webhook(hook.secret).sign(row.messageId, now, body);
    const res = await doFetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'mirrorcard-webhooks/1',
        'webhook-id': row.messageId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(webhookTimeoutMs),
    });
    if (res.status < 200 || res.status > 299) {
      const text = await snippet(res);
      throw new Error(`HTTP ${res.status}${text ? `: ${text}` : ''}`);
    }
    await res.body?.cancel().catch(() => undefined);
  }

  async function sendEmail(row: ClaimedNotification, transport: MailTransport): Promise<void> {
    const { subject, text } = composeEmail(row, config.publicBaseUrl);
    await transport.sendMail({
      from: config.mailFrom,
      to: row.target,
      subject,
      text,
      textEncoding: 'base64',
      messageId: `<${row.messageId}@mirrorcard>`,
      signal: AbortSignal.timeout(EMAIL_TIMEOUT_MS),
    });
  }

  async function deliver(row: ClaimedNotification): Promise<keyof RunResult | 'stale'> {
    try {
      if (row.channel === 'webhook') await sendWebhook(row);
      else if (mailer) await sendEmail(row, mailer);
      else throw new Error('no SMTP server is configured');
    } catch (err) {
      return store.recordFailure(row, errorText(err), {
        now: clock.now(),
        maxAttempts: config.outboxMaxAttempts,
        permanent: err instanceof PermanentFailure,
        ...(deps.random ? { random: deps.random } : {}),
      }).then((outcome) => (outcome === 'retry' ? 'failed' : outcome));
    }
    return (await store.markDelivered(row, clock.now())) ? 'delivered' : 'stale';
  }

  async function runOnce(): Promise<RunResult> {
    const now = clock.now();
    if (!mailer && !warnedNoSmtp && (await store.hasDueEmail(now))) {
      warnedNoSmtp = true;
      log.warn('notifications: SMTP_URL is not set, so e-mail notifications wait in the outbox (they are not dropped)');
    }
    const rows = await store.claimDue({ now, limit: batchSize, emails: mailer !== undefined });
    const result: RunResult = { delivered: 0, failed: 0, dead: 0 };
    let next = 0;
    const lane = async () => {
      while (next < rows.length) {
        const row = rows[next++]!;
        const outcome = await deliver(row);
        if (outcome !== 'stale') result[outcome] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
    return result;
  }

  const inFlight = new Set<Promise<unknown>>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  return {
    runOnce: () => track(runOnce()),

    /** Runs now, then `intervalMs` after each run ends (runs never overlap). The timer does not keep the process alive. */
    start(intervalMs = 5_000): void {
      if (running) return;
      running = true;
      const tick = () => {
        timer = undefined;
        void track(runOnce())
          .catch((err: unknown) => log.error('notifications: a delivery run failed', err))
          .finally(() => {
            if (!running) return;
            timer = setTimeout(tick, intervalMs);
            timer.unref();
          });
      };
      timer = setTimeout(tick, 0);
      timer.unref();
    },

    /** Stops the timer and waits for the runs in flight; then closes the SMTP transport it opened. */
    async stop(): Promise<void> {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await Promise.allSettled([...inFlight]);
      if (ownsMailer) mailer?.close?.();
    },
  };
}

export type NotificationWorker = ReturnType<typeof createNotificationWorker>;
