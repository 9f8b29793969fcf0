import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { moderate } from '../src/features/moderation/moderate.ts';
import { makeFixture, postJson } from './support/fixture.ts';

describe('moderate (pure)', () => {
  test('holds abuse in Korean and English, also spaced or punctuated, and links', () => {
    expect(moderate('씨발 뭐 이런 서비스가')).toEqual({ status: 'held', reasons: ['abuse'] });
    expect(moderate('개 새 끼')).toMatchObject({ status: 'held' });
    expect(moderate('You f.u.c.k-ing idiot')).toMatchObject({ status: 'held' });
    expect(moderate('Great! see https://spam.example/x')).toEqual({ status: 'held', reasons: ['link'] });
    expect(moderate('캐디님 덕분에 즐거운 라운딩이었습니다', 'The wait was long but Mr. Lee was lovely')).toEqual({ status: 'published', reasons: [] });
    expect(moderate(undefined, null, '')).toEqual({ status: 'published', reasons: [] });
  });

  test('ordinary Korean and English sentences are never held', () => {
    const words = ['친절', '감사합니다', '최고', '대기', '시간이', '길었어요', 'friendly', 'slow', 'check-in', 'thanks', 'room', 'clean', '주차', '불편'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...words), { maxLength: 12 }), (w) => {
      expect(moderate(w.join(' ')).status).toBe('published');
    }));
  });
});

describe('held submissions', () => {
  test('count nowhere until published: not in the feed, numbers, flags or notifications', async () => {
    const f = await makeFixture();
    const res = await postJson(f.app, `/api/v1/t/${f.touchpoints.bib.code}/cards`, { overall: 1, about: 'person', comment: '병신 같은 캐디' });
    expect(res.status).toBe(201); // the customer is thanked either way
    const { id } = (await res.json()) as { id: number };
    expect((await f.stores.feedback.getCard(f.org.id, id))!.status).toBe('held');
    expect(f.count('employee_rollups')).toBe(0);
    const feed = await (await f.app.request('/api/v1/me/feed', { headers: await f.as(f.users.staffKim) })).json();
    expect(JSON.stringify(feed)).not.toContain('병신');
    const letter = await postJson(f.app, `/api/v1/t/${f.touchpoints.bib.code}/praise`, { body: 'Nice! www.casino.example' });
    expect(letter.status).toBe(201);
    expect(f.count('outbox')).toBe(0);

    // The supervisor of the golf club sees both waiting; the front-desk supervisor sees none.
    const list = async (user: typeof f.users.admin) => ((await (await f.app.request('/api/v1/moderation', { headers: await f.as(user) })).json()) as { items: { kind: string; id: number }[] }).items;
    expect((await list(f.users.supervisorGolf)).map((i) => i.kind).sort()).toEqual(['card', 'praise']);
    expect(await list(f.users.supervisorDesk)).toEqual([]);
    const digest = (await (await f.app.request('/api/v1/digest/today', { headers: await f.as(f.users.supervisorGolf) })).json()) as { moderation: { waiting: number } };
    expect(digest.moderation.waiting).toBe(2);

    // Rejecting keeps it out for good; publishing counts it from then on.
    const decide = async (kind: string, itemId: number, decision: string, user = f.users.supervisorGolf) =>
      postJson(f.app, `/api/v1/moderation/${kind}/${itemId}`, { decision }, await f.as(user));
    expect((await decide('cards', id, 'publish', f.users.supervisorDesk)).status).toBe(404);
    expect((await decide('cards', id, 'maybe')).status).toBe(400);
    expect((await decide('cards', id, 'publish')).status).toBe(200);
    expect((await decide('cards', id, 'publish')).status).toBe(409);
    expect(f.db.$client.prepare("SELECT SUM(negatives) AS n FROM employee_rollups WHERE grain = 'd'").get()).toEqual({ n: 1 });
    const letterId = ((await letter.json()) as { id: number }).id;
    expect((await decide('praise', letterId, 'reject')).status).toBe(200);
    expect((await f.stores.feedback.getPraise(f.org.id, letterId))!.status).toBe('rejected');
    expect(f.count('outbox')).toBe(0);
    const actions = (f.db.$client.prepare("SELECT action FROM audit_log WHERE action LIKE 'moderation.%' ORDER BY id").all() as { action: string }[]).map((a) => a.action);
    expect(actions).toEqual(['moderation.publish', 'moderation.reject']);
  });
});
