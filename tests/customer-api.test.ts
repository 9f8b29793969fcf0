import fc from 'fast-check';
import { beforeEach, describe, expect, test } from 'vitest';
import { makeFixture, postJson, type Fixture } from './support/fixture.ts';

let f: Fixture;
beforeEach(async () => {
  f = await makeFixture();
});

const cardsUrl = (code: string) => `/api/v1/t/${code}/cards`;
const praiseUrl = (code: string) => `/api/v1/t/${code}/praise`;

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string; issues?: { path: string; message: string }[] } };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

describe('POST /api/v1/t/:code/cards', () => {
  test('stores a full card and answers 201 with its id', async () => {
    const res = await postJson(f.app, cardsUrl(f.touchpoints.frontDesk.code), {
      overall: 4,
      ratings: { courtesy: 5, speed: 2 },
      about: 'both',
      problem: { had: true, resolved: true },
      comment: '  체크인이 조금 늦었지만 Lee 님이 친절했어요. ',
      employeeId: f.employees.lee.id,
      locale: 'ko',
      contact: { email: 'guest@example.com', consent: true },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    const card = await f.stores.feedback.getCard(f.org.id, id);
    expect(card).toMatchObject({
      overall: 4,
      ratings: { courtesy: 5, speed: 2 },
      about: 'both',
      hadProblem: true,
      problemResolved: true,
      comment: '체크인이 조금 늦었지만 Lee 님이 친절했어요.',
      employeeId: f.employees.lee.id,
      unitId: f.units.desk.id,
      templateId: f.template.id,
      touchpointId: f.touchpoints.frontDesk.id,
      locale: 'ko',
      channel: 'api',
      status: 'published',
    });
    expect(card!.createdAt.toISOString()).toBe('2026-11-20T03:00:00.000Z');
    const contact = f.db.$client.prepare('SELECT * FROM card_contacts WHERE card_id = ?').get(id) as Record<string, unknown>;
    expect(contact).toMatchObject({ email: 'guest@example.com', phone: null, org_id: f.org.id });
  });

  test('a bound touchpoint credits its employee; the locale defaults to the organization’s', async () => {
    const res = await postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5 });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    expect(await f.stores.feedback.getCard(f.org.id, id)).toMatchObject({
      employeeId: f.employees.kim.id,
      locale: 'ko',
      about: null,
      hadProblem: null,
      comment: null,
      ratings: {},
    });
  });

  test('contact details without consent are not stored', async () => {
    const res = await postJson(f.app, cardsUrl(f.touchpoints.frontDesk.code), {
      overall: 2,
      contact: { email: 'guest@example.com', phone: '010-1234-5678', consent: false },
    });
    expect(res.status).toBe(201);
    expect(f.count('comment_cards')).toBe(1);
    expect(f.count('card_contacts')).toBe(0);
  });

  test('an unbound touchpoint with "not sure" stores the card without an employee', async () => {
    const res = await postJson(f.app, cardsUrl(f.touchpoints.frontDesk.code), { overall: 3, about: 'process' });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    expect((await f.stores.feedback.getCard(f.org.id, id))!.employeeId).toBeNull();
  });
});

describe('idempotency', () => {
  test('the same key twice stores one row and answers the same id and status', async () => {
    const body = { overall: 5, comment: 'great' };
    const headers = { 'Idempotency-Key': 'retry-abc-123' };
    const first = await postJson(f.app, cardsUrl(f.touchpoints.bib.code), body, headers);
    const second = await postJson(f.app, cardsUrl(f.touchpoints.bib.code), body, headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(f.count('comment_cards')).toBe(1);
  });

  test('praise letters are idempotent too', async () => {
    const headers = { 'Idempotency-Key': 'praise-1' };
    const a = await postJson(f.app, praiseUrl(f.touchpoints.bib.code), { body: '감사합니다' }, headers);
    const b = await postJson(f.app, praiseUrl(f.touchpoints.bib.code), { body: '감사합니다' }, headers);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(await b.json()).toEqual(await a.json());
    expect(f.count('praise_letters')).toBe(1);
  });

  test('a different key stores a second card', async () => {
    await postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5 }, { 'Idempotency-Key': 'k1' });
    await postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5 }, { 'Idempotency-Key': 'k2' });
    expect(f.count('comment_cards')).toBe(2);
  });

  test('a key reused with a different body is refused with 422 and stores nothing new', async () => {
    await postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5 }, { 'Idempotency-Key': 'k1' });
    const res = await postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 1 }, { 'Idempotency-Key': 'k1' });
    await expectError(res, 422, 'idempotency_key_reused');
    expect(f.count('comment_cards')).toBe(1);
  });

  test('a retry is answered even if the employee was deactivated meanwhile', async () => {
    const headers = { 'Idempotency-Key': 'k-deact' };
    const body = { overall: 4, employeeId: f.employees.park.id };
    const first = await postJson(f.app, cardsUrl(f.touchpoints.frontDesk.code), body, headers);
    f.db.$client.prepare('UPDATE employees SET active = 0 WHERE id = ?').run(f.employees.park.id);
    const second = await postJson(f.app, cardsUrl(f.touchpoints.frontDesk.code), body, headers);
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
  });

  test('a malformed key is refused', async () => {
    const res = await postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5 }, { 'Idempotency-Key': 'has space' });
    await expectError(res, 400, 'invalid_idempotency_key');
    expect(f.count('comment_cards')).toBe(0);
  });
});

describe('bad input answers 4xx in the one error shape and stores nothing', () => {
  const cases: [string, (f: Fixture) => Response | Promise<Response>, number, string, string[]?][] = [
    ['missing overall', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), {}), 400, 'invalid_body', ['overall']],
    ['overall out of range', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 6 }), 400, 'invalid_body', ['overall']],
    ['overall not an integer', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 3.5 }), 400, 'invalid_body', ['overall']],
    ['overall as a string', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: '5' }), 400, 'invalid_body', ['overall']],
    ['a rating out of range', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5, ratings: { courtesy: 0 } }), 400, 'invalid_body', ['ratings.courtesy']],
    ['a rating for an unknown dimension', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5, ratings: { charm: 5 } }), 400, 'invalid_body', ['ratings.charm']],
    ['bad about', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5, about: 'weather' }), 400, 'invalid_body', ['about']],
    ['resolved without a problem', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5, problem: { had: false, resolved: true } }), 400, 'invalid_body', ['problem.resolved']],
    ['comment too long', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5, comment: '가'.repeat(2001) }), 400, 'invalid_body', ['comment']],
    ['bad e-mail', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5, contact: { email: 'nope', consent: true } }), 400, 'invalid_body', ['contact.email']],
    ['consent without any contact', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5, contact: { consent: true } }), 400, 'invalid_body', ['contact']],
    ['unknown key', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5, stars: 5 }), 400, 'invalid_body', ['stars']],
    ['unknown nested key', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5, problem: { had: true, why: 'x' } }), 400, 'invalid_body', ['problem.why']],
    ['several bad fields at once', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 0, about: 'x', comment: 5 }), 400, 'invalid_body', ['overall', 'about', 'comment']],
    ['a JSON array', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), [1, 2]), 400, 'invalid_body'],
    ['JSON null', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), 'null'), 400, 'invalid_body'],
    ['malformed JSON', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), '{"overall": 5,'), 400, 'malformed_json'],
    ['empty body', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), ''), 400, 'malformed_json'],
    [
      'wrong content type',
      (f) => f.app.request(cardsUrl(f.touchpoints.bib.code), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"overall":5}' }),
      415,
      'unsupported_media_type',
    ],
    [
      'no content type',
      (f) => f.app.request(cardsUrl(f.touchpoints.bib.code), { method: 'POST', body: new Blob(['{"overall":5}']) }),
      415,
      'unsupported_media_type',
    ],
    ['form-encoded body to the JSON API', (f) => f.app.request(cardsUrl(f.touchpoints.bib.code), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'overall=5' }), 415, 'unsupported_media_type'],
    ['unknown code', (f) => postJson(f.app, cardsUrl('AAAAAAAAAAAAAAAAAAAAAA'), { overall: 5 }), 404, 'not_found'],
    ['malformed code', (f) => postJson(f.app, cardsUrl('1'), { overall: 5 }), 404, 'not_found'],
    ['inactive touchpoint', (f) => postJson(f.app, cardsUrl(f.touchpoints.inactive.code), { overall: 5 }), 404, 'not_found'],
    ['body over 16 KiB', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5, comment: 'x'.repeat(17 * 1024) }), 413, 'payload_too_large'],
    ['employee from another unit', (f) => postJson(f.app, cardsUrl(f.touchpoints.frontDesk.code), { overall: 5, employeeId: f.employees.kim.id }), 400, 'invalid_body', ['employeeId']],
    ['employee from another organization', (f) => postJson(f.app, cardsUrl(f.touchpoints.frontDesk.code), { overall: 5, employeeId: f.other.employee.id }), 400, 'invalid_body', ['employeeId']],
    ['an inactive employee', (f) => postJson(f.app, cardsUrl(f.touchpoints.frontDesk.code), { overall: 5, employeeId: f.employees.gone.id }), 400, 'invalid_body', ['employeeId']],
    ['an employee who does not exist', (f) => postJson(f.app, cardsUrl(f.touchpoints.frontDesk.code), { overall: 5, employeeId: 999999 }), 400, 'invalid_body', ['employeeId']],
    ['another employee than the bound one', (f) => postJson(f.app, cardsUrl(f.touchpoints.bib.code), { overall: 5, employeeId: f.employees.lee.id }), 400, 'invalid_body', ['employeeId']],
    ['praise: empty body', (f) => postJson(f.app, praiseUrl(f.touchpoints.bib.code), { body: '   ' }), 400, 'invalid_body', ['body']],
    ['praise: body too long', (f) => postJson(f.app, praiseUrl(f.touchpoints.bib.code), { body: 'a'.repeat(4001) }), 400, 'invalid_body', ['body']],
    ['praise: no addressee at an unbound touchpoint', (f) => postJson(f.app, praiseUrl(f.touchpoints.frontDesk.code), { body: 'Thank you!' }), 400, 'invalid_body', ['employeeId']],
    ['praise: employee of another organization', (f) => postJson(f.app, praiseUrl(f.touchpoints.frontDesk.code), { body: 'Thanks', employeeId: f.other.employee.id }), 400, 'invalid_body', ['employeeId']],
    ['praise: unknown key', (f) => postJson(f.app, praiseUrl(f.touchpoints.bib.code), { body: 'Thanks', rating: 5 }), 400, 'invalid_body', ['rating']],
    ['praise: publish not a boolean', (f) => postJson(f.app, praiseUrl(f.touchpoints.bib.code), { body: 'Thanks', publish: 'yes' }), 400, 'invalid_body', ['publish']],
    ['praise: unknown code', (f) => postJson(f.app, praiseUrl('BBBBBBBBBBBBBBBBBBBBBB'), { body: 'Thanks' }), 404, 'not_found'],
  ];

  test.each(cases)('%s', async (_name, send, status, code, paths) => {
    const error = await expectError(await send(f), status, code);
    if (paths) expect(error.issues?.map((i) => i.path)).toEqual(paths);
    expect(f.count('comment_cards')).toBe(0);
    expect(f.count('praise_letters')).toBe(0);
    expect(f.count('card_contacts')).toBe(0);
    expect(f.count('idempotency_keys')).toBe(0);
    expect(f.errors).toEqual([]);
  });

  test('unknown API paths answer 404 in the error shape', async () => {
    await expectError(await f.app.request('/api/v1/nothing-here'), 404, 'not_found');
  });

  test('arbitrary JSON bodies never produce a 500, and only a 201 stores a row', async () => {
    const code = f.touchpoints.frontDesk.code;
    const value = fc.oneof(
      fc.integer({ min: -3, max: 8 }),
      fc.double(),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom(f.employees.lee.id, f.employees.kim.id, f.other.employee.id, 'person', 'process', 'ko', 'xx'),
    );
    const body = fc.record(
      {
        overall: value,
        ratings: fc.oneof(value, fc.dictionary(fc.constantFrom('courtesy', 'speed', 'charm', 'Bad Key'), value)),
        about: value,
        problem: fc.oneof(value, fc.record({ had: value, resolved: value }, { requiredKeys: [] })),
        comment: value,
        employeeId: value,
        locale: value,
        contact: fc.oneof(value, fc.record({ email: fc.oneof(value, fc.emailAddress()), phone: value, consent: value }, { requiredKeys: [] })),
        extra: value,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const before = f.count('comment_cards');
        const res = await postJson(f.app, cardsUrl(code), b);
        expect([201, 400]).toContain(res.status);
        expect(f.count('comment_cards')).toBe(before + (res.status === 201 ? 1 : 0));
        if (res.status === 400) expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_body');
      }),
      { numRuns: 300 },
    );
    expect(f.errors).toEqual([]);
  });
});

describe('praise letters', () => {
  test('a letter to a picked employee at an unbound touchpoint', async () => {
    const res = await postJson(f.app, praiseUrl(f.touchpoints.frontDesk.code), {
      body: 'Mr. Park found our lost passport. Thank you!',
      employeeId: f.employees.park.id,
      signature: 'The Smiths',
      publish: true,
      locale: 'en',
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    expect(await f.stores.feedback.getPraise(f.org.id, id)).toMatchObject({
      employeeId: f.employees.park.id,
      body: 'Mr. Park found our lost passport. Thank you!',
      signature: 'The Smiths',
      publish: true,
      locale: 'en',
      channel: 'api',
    });
    // Another organization cannot read it by id.
    expect(await f.stores.feedback.getPraise(f.other.org.id, id)).toBeUndefined();
  });

  test('publish defaults to false', async () => {
    const res = await postJson(f.app, praiseUrl(f.touchpoints.bib.code), { body: '최고의 캐디님!' });
    const { id } = (await res.json()) as { id: number };
    expect((await f.stores.feedback.getPraise(f.org.id, id))!.publish).toBe(false);
  });
});
