/**
 * Configuration from environment variables, validated with valibot at start.
 * A bad value stops the process with a message naming the variable.
 */
import * as v from 'valibot';

const port = v.pipe(
  v.string(),
  v.regex(/^\d+$/, 'must be a whole number'),
  v.transform(Number),
  v.number(),
  v.minValue(0, 'must be between 0 and 65535'),
  v.maxValue(65535, 'must be between 0 and 65535'),
);

const baseUrl = v.pipe(
  v.string(),
  v.url('must be an absolute URL such as https://cards.example.com'),
  v.check((s) => /^https?:\/\//.test(s), 'must start with http:// or https://'),
  v.transform((s) => s.replace(/\/+$/, '')),
);

const EnvSchema = v.object({
  DATABASE_PATH: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty')), './data/mirrorcard.db'),
  PORT: v.optional(port, '3000'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1, 'must not be empty')), '0.0.0.0'),
  PUBLIC_BASE_URL: v.optional(baseUrl),
  /** Signs access tokens (HS256). Required by `serve`; the demo and tests make their own. */
  JWT_SECRET: v.optional(v.pipe(v.string(), v.minLength(32, 'must be at least 32 bytes'))),
  /** How long a rotated touchpoint code keeps working before it answers 410 Gone. */
  TOUCHPOINT_CODE_GRACE_DAYS: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number of days'), v.transform(Number), v.maxValue(3650, 'must be at most 3650')),
    '30',
  ),
  /** SMTP server for e-mail notifications, e.g. smtp://user:pass@mail.example.com:587 (none: e-mail is not sent). */
  SMTP_URL: v.optional(v.pipe(v.string(), v.url('must be a URL such as smtp://user:pass@host:587'), v.check((s) => /^smtps?:\/\//.test(s), 'must start with smtp:// or smtps://'))),
  /** Sender of notification e-mails. */
  MAIL_FROM: v.optional(v.pipe(v.string(), v.minLength(3, 'must be an address such as "mirrorcard <noreply@example.com>"')), 'mirrorcard <noreply@mirrorcard.invalid>'),
  /** Delivery attempts before a notification is dead-lettered. */
  OUTBOX_MAX_ATTEMPTS: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number), v.minValue(1, 'must be at least 1'), v.maxValue(100, 'must be at most 100')), '8'),
  /** Largest request body accepted, in bytes. */
  MAX_BODY_BYTES: v.optional(
    v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number), v.minValue(1024, 'must be at least 1024')),
    '16384',
  ),
});

export interface Config {
  databasePath: string;
  port: number;
  host: string;
  /** Absolute origin used in QR codes and links, without a trailing slash. */
  publicBaseUrl: string;
  jwtSecret: string | undefined;
  maxBodyBytes: number;
  codeGraceDays: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxMaxAttempts: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as most shells and .env files intend.
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.entries)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const result = v.safeParse(EnvSchema, cleaned);
  if (!result.success) {
    const issue = result.issues[0]!;
    const variable = v.getDotPath(issue) ?? 'environment';
    throw new ConfigError(variable, issue.message);
  }
  const out = result.output;
  return {
    databasePath: out.DATABASE_PATH,
    port: out.PORT,
    host: out.HOST,
    publicBaseUrl: out.PUBLIC_BASE_URL ?? `http://localhost:${out.PORT}`,
    jwtSecret: out.JWT_SECRET,
    maxBodyBytes: out.MAX_BODY_BYTES,
    codeGraceDays: out.TOUCHPOINT_CODE_GRACE_DAYS,
    smtpUrl: out.SMTP_URL,
    mailFrom: out.MAIL_FROM,
    outboxMaxAttempts: out.OUTBOX_MAX_ATTEMPTS,
  };
}

/** A config for tests and tools, with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    databasePath: ':memory:',
    port: 0,
    host: '127.0.0.1',
    publicBaseUrl: 'http://localhost:3000',
    jwtSecret: 'test-secret-test-secret-test-secret-0123',
    maxBodyBytes: 16 * 1024,
    codeGraceDays: 30,
    smtpUrl: undefined,
    mailFrom: 'mirrorcard <noreply@mirrorcard.invalid>',
    outboxMaxAttempts: 8,
    ...overrides,
  };
}

/** `serve` refuses to start without a real signing secret. */
export function requireJwtSecret(config: Config): Config & { jwtSecret: string } {
  if (!config.jwtSecret) throw new ConfigError('JWT_SECRET', 'is required (at least 32 bytes, e.g. `openssl rand -base64 48`)');
  return config as Config & { jwtSecret: string };
}
