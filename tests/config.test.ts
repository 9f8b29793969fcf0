import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  test('defaults', () => {
    expect(loadConfig({})).toEqual({
      databasePath: './data/mirrorcard.db',
      port: 3000,
      host: '0.0.0.0',
      publicBaseUrl: 'http://localhost:3000',
      jwtSecret: undefined,
      maxBodyBytes: 16384,
      codeGraceDays: 30,
      smtpUrl: undefined,
      mailFrom: 'mirrorcard <noreply@mirrorcard.invalid>',
      outboxMaxAttempts: 8,
    });
  });

  test('reads and normalizes values', () => {
    const c = loadConfig({ DATABASE_PATH: '/var/lib/mc.db', PORT: '8080', PUBLIC_BASE_URL: 'https://cards.example.com/', JWT_SECRET: 'x'.repeat(32) });
    expect(c).toMatchObject({ databasePath: '/var/lib/mc.db', port: 8080, publicBaseUrl: 'https://cards.example.com', jwtSecret: 'x'.repeat(32) });
  });

  test.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'cards.example.com' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'ftp://cards.example.com' }],
    ['JWT_SECRET', { JWT_SECRET: 'short' }],
    ['MAX_BODY_BYTES', { MAX_BODY_BYTES: '10' }],
    ['TOUCHPOINT_CODE_GRACE_DAYS', { TOUCHPOINT_CODE_GRACE_DAYS: '-1' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail.example.com' }],
    ['OUTBOX_MAX_ATTEMPTS', { OUTBOX_MAX_ATTEMPTS: '0' }],
  ])('a bad %s is refused with a message naming it', (name, env) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(name);
    expect((error as Error).message).toContain(name);
  });
});
