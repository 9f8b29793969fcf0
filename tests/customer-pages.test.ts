import { beforeEach, describe, expect, test } from 'vitest';
import { makeFixture, postForm, type Fixture } from './support/fixture.ts';

let f: Fixture;
beforeEach(async () => {
  f = await makeFixture();
});

const get = (path: string, headers: Record<string, string> = {}) => f.app.request(path, { headers });
const hiddenKey = (html: string) => /name="idempotency_key" value="([^"]+)"/.exec(html)?.[1];

describe('GET /t/:code', () => {
  test('renders the comment card in Korean by default for a Korean organization', async () => {
    const res = await get(`/t/${f.touchpoints.bib.code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toContain('<html lang="ko">');
    expect(html).toContain('서비스는 어떠셨나요?');
    expect(html).toContain('김캐디 님의 서비스에 대해 알려 주세요.');
    expect(html).toContain('친절'); // a dimension label in Korean
    expect(html).not.toContain('name="employeeId"'); // bound: no picker
    expect(html).not.toMatch(/<script/i); // no JavaScript shipped to the phone
    expect(hiddenKey(html)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  test('renders English from Accept-Language, and ?lang= overrides it', async () => {
    const en = await (await get(`/t/${f.touchpoints.bib.code}`, { 'accept-language': 'en-US,en;q=0.9,ko;q=0.5' })).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('How did we do?');
    expect(en).toContain('Courtesy');
    const ko = await (await get(`/t/${f.touchpoints.bib.code}?lang=ko`, { 'accept-language': 'en-US' })).text();
    expect(ko).toContain('서비스는 어떠셨나요?');
    const fallback = await (await get(`/t/${f.touchpoints.bib.code}`, { 'accept-language': 'fr-FR,de;q=0.8' })).text();
    expect(fallback).toContain('<html lang="ko">');
  });

  test('an unbound touchpoint offers its unit’s active employees and "not sure"', async () => {
    const html = await (await get(`/t/${f.touchpoints.frontDesk.code}?lang=en`)).text();
    expect(html).toContain('Who served you?');
    expect(html).toContain(`<option value="${f.employees.lee.id}">Lee</option>`);
    expect(html).toContain(`<option value="${f.employees.park.id}">Park</option>`);
    expect(html).toContain('Not sure');
    expect(html).not.toContain('Gone'); // inactive
    expect(html).not.toContain('김캐디'); // another unit
    expect(html).not.toContain('Stranger'); // another organization
  });

  test('form controls are labelled and grouped for assistive technology', async () => {
    const html = await (await get(`/t/${f.touchpoints.frontDesk.code}?lang=en`)).text();
    expect(html).toMatch(/<fieldset[^>]*><legend>Overall, how was your experience\?/);
    expect(html).toContain('<label class="q" for="comment">');
    expect(html).toContain('<label class="q" for="employeeId">');
    expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"/);
  });

  test('unknown, malformed and inactive codes get a friendly 404 page', async () => {
    for (const path of ['/t/AAAAAAAAAAAAAAAAAAAAAA', '/t/x', `/t/${f.touchpoints.inactive.code}`, `/t/${f.touchpoints.inactive.code}/praise`]) {
      const res = await get(path, { 'accept-language': 'ko' });
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain('카드를 찾을 수 없습니다');
    }
    const en = await get('/t/AAAAAAAAAAAAAAAAAAAAAA?lang=en');
    expect(await en.text()).toContain('We could not find this card');
  });
});

describe('POST /t/:code (the HTML form, no JavaScript)', () => {
  test('stores the card and redirects to the thank-you page', async () => {
    const form = await (await get(`/t/${f.touchpoints.frontDesk.code}`)).text();
    const res = await postForm(f.app, `/t/${f.touchpoints.frontDesk.code}`, {
      idempotency_key: hiddenKey(form)!,
      lang: 'ko',
      overall: '2',
      employeeId: String(f.employees.park.id),
      about: 'person',
      r_courtesy: '1',
      r_knowledge: '',
      r_speed: '3',
      problem_had: 'yes',
      problem_resolved: 'no',
      comment: '체크인 때 너무 불친절했어요.',
      contact_email: 'me@example.com',
      contact_consent: 'yes',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/t/${f.touchpoints.frontDesk.code}/thanks?kind=card&lang=ko`);
    const row = f.db.$client.prepare('SELECT * FROM comment_cards').get() as Record<string, unknown>;
    expect(row).toMatchObject({
      overall: 2,
      employee_id: f.employees.park.id,
      about: 'person',
      ratings: JSON.stringify({ courtesy: 1, speed: 3 }),
      had_problem: 1,
      problem_resolved: 0,
      comment: '체크인 때 너무 불친절했어요.',
      locale: 'ko',
      channel: 'web',
    });
    expect(f.count('card_contacts')).toBe(1);

    const thanks = await get(res.headers.get('location')!);
    expect(thanks.status).toBe(200);
    expect(await thanks.text()).toContain('감사합니다!');
  });

  test('a double submit (same hidden key) stores one card', async () => {
    const fields = { idempotency_key: 'form-key-1234567890', lang: 'en', overall: '5' };
    const a = await postForm(f.app, `/t/${f.touchpoints.bib.code}`, fields);
    const b = await postForm(f.app, `/t/${f.touchpoints.bib.code}`, fields);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(f.count('comment_cards')).toBe(1);
  });

  test('validation errors re-show the form with the input kept and the error beside its field', async () => {
    const res = await postForm(f.app, `/t/${f.touchpoints.frontDesk.code}`, {
      idempotency_key: 'keep-me-0123456789',
      lang: 'en',
      employeeId: String(f.employees.lee.id),
      about: 'both',
      comment: 'Lovely <b>stay</b>',
      contact_email: 'not-an-email',
      contact_consent: 'yes',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Please check the highlighted fields.');
    expect(html).toMatch(/<p class="err" id="overall-err">Please choose a rating from 1 to 5.<\/p>/);
    expect(html).toMatch(/<p class="err" id="contact_email-err">Please enter a valid e-mail address.<\/p>/);
    expect(html).toContain('Lovely &lt;b&gt;stay&lt;/b&gt;</textarea>'); // kept, and escaped
    expect(html).toContain('value="not-an-email"');
    expect(html).toContain(`<option value="${f.employees.lee.id}" selected="">Lee</option>`);
    expect(html).toMatch(/value="both" checked=""/);
    expect(hiddenKey(html)).toBe('keep-me-0123456789');
    expect(f.count('comment_cards')).toBe(0);
  });

  test('contact details typed without ticking consent are neither stored nor silently dropped', async () => {
    const res = await postForm(f.app, `/t/${f.touchpoints.bib.code}`, { lang: 'ko', overall: '4', contact_phone: '010-1234-5678' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('연락처를 남기시려면 동의 상자에 표시해 주시고');
    expect(f.count('comment_cards')).toBe(0);
  });

  test('an employee from another organization is refused with the error beside the picker', async () => {
    const res = await postForm(f.app, `/t/${f.touchpoints.frontDesk.code}`, { lang: 'en', overall: '4', employeeId: String(f.other.employee.id) });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/id="employeeId-err">Please choose someone from the list./);
    expect(f.count('comment_cards')).toBe(0);
  });

  test('going back and sending a changed form with the used key stores it as a new card', async () => {
    await postForm(f.app, `/t/${f.touchpoints.bib.code}`, { idempotency_key: 'used-key-000000', overall: '5' });
    const res = await postForm(f.app, `/t/${f.touchpoints.bib.code}`, { idempotency_key: 'used-key-000000', overall: '3' });
    expect(res.status).toBe(303);
    expect(f.count('comment_cards')).toBe(2);
  });

  test('an oversized form gets a friendly 413 page and stores nothing', async () => {
    const res = await postForm(f.app, `/t/${f.touchpoints.bib.code}?lang=en`, { overall: '5', comment: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('That was too long');
    expect(f.count('comment_cards')).toBe(0);
  });

  test('a 2,000-character Korean comment fits through the form', async () => {
    const res = await postForm(f.app, `/t/${f.touchpoints.bib.code}`, { overall: '5', comment: '좋'.repeat(2000) });
    expect(res.status).toBe(303);
    expect(f.count('comment_cards')).toBe(1);
  });
});

describe('praise letter form', () => {
  test('GET shows the letter form in English', async () => {
    const html = await (await get(`/t/${f.touchpoints.bib.code}/praise?lang=en`)).text();
    expect(html).toContain('Write a praise letter');
    expect(html).toContain('Your words will reach 김캐디 directly.');
    expect(html).toContain('<label class="q" for="body">');
  });

  test('POST stores the letter and thanks the writer', async () => {
    const res = await postForm(f.app, `/t/${f.touchpoints.frontDesk.code}/praise`, {
      idempotency_key: 'praise-form-000001',
      lang: 'en',
      employeeId: String(f.employees.lee.id),
      body: 'Ms. Lee upgraded our room for our anniversary. Thank you!',
      signature: 'Jin & Alex',
      publish: 'yes',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toContain('/thanks?kind=praise&lang=en');
    const row = f.db.$client.prepare('SELECT * FROM praise_letters').get() as Record<string, unknown>;
    expect(row).toMatchObject({ employee_id: f.employees.lee.id, signature: 'Jin & Alex', publish: 1, channel: 'web', locale: 'en' });
    const thanks = await (await get(res.headers.get('location')!)).text();
    expect(thanks).toContain('Your praise letter has been received');
  });

  test('POST without an addressee or body re-shows the form with both errors', async () => {
    const res = await postForm(f.app, `/t/${f.touchpoints.frontDesk.code}/praise`, { lang: 'ko', body: '' , signature: '김OO' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('감사를 전할 직원을 선택해 주세요.');
    expect(html).toContain('편지 내용을 적어 주세요');
    expect(html).toContain('value="김OO"');
    expect(f.count('praise_letters')).toBe(0);
  });
});
