import { beforeEach, describe, expect, test } from 'vitest';
import { makeFixture, postJson, type Fixture } from './support/fixture.ts';

let f: Fixture;
beforeEach(async () => {
  f = await makeFixture();
});

const DAY = 86_400_000;

describe('touchpoint administration', () => {
  test('an admin creates a touchpoint with a fresh random code; it is audited', async () => {
    const res = await postJson(f.app, '/api/v1/touchpoints', { name: 'Concierge', unitId: f.units.desk.id, templateId: f.template.id }, await f.as(f.users.admin));
    expect(res.status).toBe(201);
    const tp = (await res.json()) as { id: number; code: string; url: string };
    expect(tp.code).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(tp.url).toBe(`http://localhost:3000/t/${tp.code}`);
    expect((await f.app.request(`/t/${tp.code}`)).status).toBe(200);
    const audit = f.db.$client.prepare("SELECT * FROM audit_log WHERE action = 'touchpoint.create'").all();
    expect(audit).toHaveLength(1);
  });

  test('bad input is a 400 with issues and stores nothing', async () => {
    const before = f.count('touchpoints');
    const res = await postJson(f.app, '/api/v1/touchpoints', { name: '', unitId: f.other.unit.id, templateId: f.template.id, extra: 1 }, await f.as(f.users.admin));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['extra', 'name']);
    const res2 = await postJson(f.app, '/api/v1/touchpoints', { name: 'x', unitId: f.other.unit.id, templateId: f.template.id }, await f.as(f.users.admin));
    expect(res2.status).toBe(400);
    expect(((await res2.json()) as { error: { issues: { path: string }[] } }).error.issues[0]!.path).toBe('unitId');
    expect(f.count('touchpoints')).toBe(before);
    expect(f.count('audit_log')).toBe(0);
  });

  test('supervisors list only their units’ touchpoints and cannot create', async () => {
    const list = await f.app.request('/api/v1/touchpoints', { headers: await f.as(f.users.supervisorGolf) });
    const items = ((await list.json()) as { items: { id: number }[] }).items.map((t) => t.id);
    expect(items).toEqual([f.touchpoints.bib.id]);
    const res = await postJson(f.app, '/api/v1/touchpoints', { name: 'x', unitId: f.units.golf.id, templateId: f.template.id }, await f.as(f.users.supervisorGolf));
    expect(res.status).toBe(403);
  });

  test('rotating a code: the old code works through the grace period, then answers 410 Gone', async () => {
    const old = f.touchpoints.frontDesk.code;
    const res = await postJson(f.app, `/api/v1/touchpoints/${f.touchpoints.frontDesk.id}/rotate-code`, {}, await f.as(f.users.admin));
    expect(res.status).toBe(200);
    const rotated = (await res.json()) as { code: string; previousCode: string; previousCodeExpiresAt: string };
    expect(rotated.previousCode).toBe(old);
    expect(rotated.code).not.toBe(old);
    expect(rotated.previousCodeExpiresAt).toBe(new Date(f.clock.now().getTime() + 30 * DAY).toISOString());

    // Within the grace period both codes work, and cards land on the same touchpoint.
    expect((await f.app.request(`/t/${old}`)).status).toBe(200);
    const viaOld = await postJson(f.app, `/api/v1/t/${old}/cards`, { overall: 5 });
    const viaNew = await postJson(f.app, `/api/v1/t/${rotated.code}/cards`, { overall: 4 });
    expect([viaOld.status, viaNew.status]).toEqual([201, 201]);
    const tps = f.db.$client.prepare('SELECT DISTINCT touchpoint_id AS t FROM comment_cards').all() as { t: number }[];
    expect(tps).toEqual([{ t: f.touchpoints.frontDesk.id }]);

    f.clock.advance(30 * DAY + 1);
    const page = await f.app.request(`/t/${old}?lang=en`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This QR code has been replaced');
    const api = await postJson(f.app, `/api/v1/t/${old}/cards`, { overall: 5 });
    expect(api.status).toBe(410);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('gone');
    expect((await f.app.request(`/t/${rotated.code}`)).status).toBe(200);
    expect(f.count('comment_cards')).toBe(2);

    const audit = f.db.$client.prepare("SELECT before, after FROM audit_log WHERE action = 'touchpoint.rotate_code'").get() as { before: string; after: string };
    expect(JSON.parse(audit.before)).toEqual({ code: old });
    expect(JSON.parse(audit.after).code).toBe(rotated.code);
  });

  test('the grace period is configurable', async () => {
    const g = await makeFixture({ config: { codeGraceDays: 0 } });
    const old = g.touchpoints.bib.code;
    await postJson(g.app, `/api/v1/touchpoints/${g.touchpoints.bib.id}/rotate-code`, {}, await g.as(g.users.admin));
    expect((await g.app.request(`/t/${old}`)).status).toBe(410);
  });

  test('deactivating a touchpoint makes its code a 404; another org’s admin cannot touch it', async () => {
    const other = await postJson(f.app, `/api/v1/touchpoints/${f.touchpoints.bib.id}/deactivate`, {}, await f.as(f.users.otherAdmin));
    expect(other.status).toBe(404);
    expect((await f.app.request(`/t/${f.touchpoints.bib.code}`)).status).toBe(200);
    const res = await postJson(f.app, `/api/v1/touchpoints/${f.touchpoints.bib.id}/deactivate`, {}, await f.as(f.users.admin));
    expect(res.status).toBe(200);
    expect((await f.app.request(`/t/${f.touchpoints.bib.code}`)).status).toBe(404);
  });
});
