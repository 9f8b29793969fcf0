import { expect, test } from 'vitest';
import { makeFixture, postJson } from './support/fixture.ts';

test('smoke', async () => {
  const f = await makeFixture();
  const page = await f.app.request(`/t/${f.touchpoints.frontDesk.code}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('Lee');
  const res = await postJson(f.app, `/api/v1/t/${f.touchpoints.frontDesk.code}/cards`, { overall: 5, employeeId: f.employees.lee.id });
  expect(res.status).toBe(201);
  console.log(await res.json());
});
