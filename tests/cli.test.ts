import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { createApp } from '../src/app.ts';
import { systemClock } from '../src/clock.ts';
import { testConfig } from '../src/config.ts';
import { openMigratedDatabase } from '../src/db/client.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'mirrorcard.js');
const dir = mkdtempSync(join(tmpdir(), 'mc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: 60_000 });

describe('mirrorcard CLI', () => {
  test('seed --demo --json prints a manifest of what it created', async () => {
    const db = join(dir, 'demo.db');
    const { stdout } = await cli(['seed', '--demo', '--db', db, '--json']);
    const manifest = JSON.parse(stdout) as {
      org: { slug: string };
      touchpoints: { code: string; name: string; employeeId: number | null }[];
      employees: { id: number; displayName: string; unit: string }[];
      users: { email: string; password: string; role: string; org: string }[];
    };
    expect(manifest.org.slug).toBe('hanbit-resort');
    expect(manifest.employees.length).toBeGreaterThanOrEqual(25);
    expect(manifest.touchpoints.some((t) => t.employeeId === null)).toBe(true);
    expect(manifest.touchpoints.some((t) => t.employeeId !== null)).toBe(true);
    const sqlite = new Database(db, { readonly: true });
    const tps = sqlite.prepare('SELECT code FROM touchpoints').all() as { code: string }[];
    expect(new Set(tps.map((t) => t.code))).toEqual(new Set(manifest.touchpoints.map((t) => t.code)));
    sqlite.close();

    // One account of each role, whose printed password signs in.
    expect(manifest.users.map((u) => u.role).sort()).toEqual(['admin', 'staff', 'supervisor']);
    const app = createApp({ db: openMigratedDatabase(db), config: testConfig(), clock: systemClock });
    for (const u of manifest.users) {
      expect(u.org).toBe('hanbit-resort');
      const res = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ org: u.org, email: u.email, password: u.password }),
      });
      expect(res.status, u.email).toBe(200);
    }

    // A second seed into the same database is refused, not doubled.
    await expect(cli(['seed', '--demo', '--db', db, '--json'])).rejects.toMatchObject({ code: 1 });
  });

  test('migrate creates the schema; a bad PORT stops with a message naming it', async () => {
    const db = join(dir, 'm.db');
    const { stdout } = await cli(['migrate', '--db', db]);
    expect(stdout).toContain('migrated');
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'comment_cards'").get()).toEqual({ n: 1 });
    sqlite.close();
    const bad = cli(['migrate', '--db', db], { PORT: 'eighty' });
    await expect(bad).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('PORT') });
  });

  test('serve refuses to start without JWT_SECRET', async () => {
    await expect(cli(['serve', '--db', join(dir, 's.db')], { JWT_SECRET: '' })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('JWT_SECRET'),
    });
  });

  test('qr prints a terminal QR code and the URL', async () => {
    const { stdout } = await cli(['qr', 'abcDEF123_-abcDEF123_-', '--base', 'https://cards.example.com']);
    expect(stdout).toContain('https://cards.example.com/t/abcDEF123_-abcDEF123_-');
    expect(stdout).toMatch(/[█▀▄]/);
  });

  test('user create stores a hashed password; a staff user needs --employee', async () => {
    const db = join(dir, 'users.db');
    await cli(['seed', '--demo', '--db', db, '--json']);
    const { stdout } = await cli(['user', 'create', '--db', db, '--org', 'hanbit-resort', '--email', 'New.Admin@Example.com', '--role', 'admin']);
    const created = JSON.parse(stdout) as { email: string; role: string; password: string };
    expect(created).toMatchObject({ email: 'new.admin@example.com', role: 'admin' });
    expect(created.password.length).toBeGreaterThanOrEqual(10);
    const sqlite = new Database(db, { readonly: true });
    const row = sqlite.prepare('SELECT password_hash FROM users WHERE email = ?').get('new.admin@example.com') as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(created.password);
    sqlite.close();
    // The seeded history already went through the flag rule: a recompute opens nothing new.
    const recompute = await cli(['flags', 'recompute', '--db', db]);
    expect(recompute.stdout).toBe('hanbit-resort: 0 flag(s) opened\n');
    await expect(cli(['flags', 'recompute', '--db', db, '--org', 'nope'])).rejects.toMatchObject({ code: 1 });
    await expect(
      cli(['user', 'create', '--db', db, '--org', 'hanbit-resort', '--email', 'x@example.com', '--role', 'staff']),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--employee') });
  });
});
