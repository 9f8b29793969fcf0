import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, test } from 'vitest';
import { qrPng, touchpointUrl } from '../src/features/touchpoints/qr.ts';
import { makeFixture } from './support/fixture.ts';

// jsqr is CommonJS with an ES-style default export: unwrap it either way.
type Decoder = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsQRModule as unknown as { default?: Decoder }).default ?? jsQRModule) as unknown as Decoder;

function decode(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data;
}

describe('QR codes', () => {
  test('the PNG endpoint decodes back to the touchpoint’s absolute URL', async () => {
    const f = await makeFixture({ config: { publicBaseUrl: 'https://cards.hanbit.example' } });
    const res = await f.app.request(`/api/v1/touchpoints/${f.touchpoints.bib.id}/qr.png`, { headers: await f.as(f.users.admin) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const text = decode(Buffer.from(await res.arrayBuffer()));
    expect(text).toBe(`https://cards.hanbit.example/t/${f.touchpoints.bib.code}`);
  });

  test('qrPng encodes exactly the URL given', async () => {
    const url = touchpointUrl('http://192.168.0.10:3000/', 'abcDEF123_-abcDEF123_-');
    expect(url).toBe('http://192.168.0.10:3000/t/abcDEF123_-abcDEF123_-');
    expect(decode(await qrPng(url))).toBe(url);
  });

  test('the SVG endpoint serves an SVG behind login; out-of-scope ids are 404', async () => {
    const f = await makeFixture();
    const path = (id: number) => `/api/v1/touchpoints/${id}/qr.svg`;
    const res = await f.app.request(path(f.touchpoints.frontDesk.id), { headers: await f.as(f.users.admin) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await res.text()).toMatch(/^<svg[^>]*viewBox/);
    expect((await f.app.request(path(f.touchpoints.frontDesk.id))).status).toBe(401);
    expect((await f.app.request(path(f.touchpoints.frontDesk.id), { headers: await f.as(f.users.staffLee) })).status).toBe(403);
    // A supervisor prints their own units' codes only.
    expect((await f.app.request(path(f.touchpoints.frontDesk.id), { headers: await f.as(f.users.supervisorDesk) })).status).toBe(200);
    expect((await f.app.request(path(f.touchpoints.bib.id), { headers: await f.as(f.users.supervisorDesk) })).status).toBe(404);
    expect((await f.app.request(path(f.touchpoints.bib.id), { headers: await f.as(f.users.otherAdmin) })).status).toBe(404);
    expect((await f.app.request(path(999999), { headers: await f.as(f.users.admin) })).status).toBe(404);
  });

  test('the printable sheet has one card per active touchpoint with name, employee, QR and URL', async () => {
    const f = await makeFixture();
    expect((await f.app.request('/admin/touchpoints/sheet')).status).toBe(303); // to /login
    const res = await f.app.request('/admin/touchpoints/sheet', { headers: await f.as(f.users.admin) });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.match(/<section class="card"/g)).toHaveLength(2);
    expect(html).toContain('Caddie bib 7');
    expect(html).toContain('김캐디');
    expect(html).toContain(`http://localhost:3000/t/${f.touchpoints.frontDesk.code}`);
    expect(html).not.toContain(f.touchpoints.inactive.code);
    expect(html).not.toContain(f.other.touchpoint.code);
    expect(html.match(/<svg/g)).toHaveLength(2);
  });

  test('touchpoint codes are 128-bit random base64url, not sequential', async () => {
    const f = await makeFixture();
    const codes = [f.touchpoints.bib.code, f.touchpoints.frontDesk.code, f.touchpoints.inactive.code, f.other.touchpoint.code];
    for (const c of codes) expect(c).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Buffer.from(codes[0]!, 'base64url')).toHaveLength(16);
  });
});
