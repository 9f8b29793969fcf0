import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { migrateDatabase, openDatabase, openMigratedDatabase } from '../src/db/client.ts';
import { makeFixture, postJson } from './support/fixture.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  test('apply to an empty database file, with WAL, foreign keys and a busy timeout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mc-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'mirrorcard.db');
    const db = openMigratedDatabase(path);
    const tables = db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    expect(tables).toEqual([
      'appraisal_snapshots', 'audit_log', 'card_contacts', 'card_templates', 'comment_cards',
      'employee_rollups', 'employees', 'flags', 'idempotency_keys', 'org_settings',
      'organizations', 'outbox', 'praise_letters', 'refresh_tokens', 'retired_touchpoint_codes', 'supervisor_units',
      'touchpoints', 'unit_rollups', 'units', 'users', 'webhooks',
    ]);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.$client.close();

    // Running them again is a no-op.
    const again = openDatabase(path);
    const before = (again.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    migrateDatabase(again);
    const after = (again.$client.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n;
    expect(after).toBe(before);
    expect(before).toBeGreaterThanOrEqual(2);
    again.$client.close();
  });

  test('a template version that a card used can no longer be edited or deleted', async () => {
    const f = await makeFixture();
    const edit = () =>
      f.db.$client.prepare("UPDATE card_templates SET dimensions = '[]' WHERE id = ?").run(f.template.id);
    const unused = await f.stores.templates.createVersion(f.org.id, 'standard', []);
    expect(unused.version).toBe(2);
    // Unused versions may still be fixed.
    expect(() => f.db.$client.prepare("UPDATE card_templates SET dimensions = '[]' WHERE id = ?").run(unused.id)).not.toThrow();
    expect((await postJson(f.app, `/api/v1/t/${f.touchpoints.bib.code}/cards`, { overall: 5 })).status).toBe(201);
    expect(edit).toThrow(/template_version_in_use/);
    expect(() => f.db.$client.prepare('DELETE FROM card_templates WHERE id = ?').run(f.template.id)).toThrow();
  });

  test('foreign keys are enforced', async () => {
    const f = await makeFixture();
    expect(() =>
      f.db.$client.prepare("INSERT INTO employees (org_id, unit_id, employee_no, display_name, full_name) VALUES (?, 99999, 'x', 'x', 'x')").run(f.org.id),
    ).toThrow(/FOREIGN KEY/);
  });
});
