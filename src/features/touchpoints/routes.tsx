/** @jsxImportSource hono/jsx */
/**
 * Touchpoint administration: list, create, deactivate, rotate code; the QR images and the
 * printable sheet. Admins manage; supervisors may list and print their units' touchpoints.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { errors } from '../../lib/errors.ts';
import { idParam, readJson } from '../../lib/http.ts';
import { negotiateLocale } from '../../lib/i18n.ts';
import { authOf, requireAuth } from '../auth/middleware.ts';
import { actorOf, scopeOf } from '../auth/scope.ts';
import type { OrganizationStore } from '../organizations/store.ts';
import { qrPng, qrSvg, touchpointUrl } from './qr.ts';
import { CreateTouchpointSchema } from './schemas.ts';
import { SheetPage } from './sheet.tsx';
import type { TouchpointListItem, TouchpointStore } from './store.ts';

export interface TouchpointDeps {
  config: Config;
  clock: Clock;
  touchpoints: TouchpointStore;
  organizations: OrganizationStore;
}

const managers = requireAuth({ roles: ['admin', 'supervisor'] });
const admins = requireAuth({ roles: ['admin'] });

export function touchpointRoutes(deps: TouchpointDeps) {
  const app = new Hono<AppEnv>();
  const withUrl = (t: TouchpointListItem) => ({ ...t, url: touchpointUrl(deps.config.publicBaseUrl, t.code) });

  async function inScope(c: Context) {
    const tp = await deps.touchpoints.getInScope(scopeOf(authOf(c)), idParam(c));
    if (!tp) throw errors.notFound();
    return tp;
  }

  app.get('/api/v1/touchpoints', managers, async (c) => {
    const items = await deps.touchpoints.listInScope(scopeOf(authOf(c)));
    return c.json({ items: items.map(withUrl) });
  });

  app.get('/api/v1/touchpoints/:id', managers, async (c) => c.json(withUrl(await inScope(c))));

  app.post('/api/v1/touchpoints', admins, async (c) => {
    const auth = authOf(c);
    const input = await readJson(c, CreateTouchpointSchema);
    const tp = await deps.touchpoints.create(auth.orgId, input, { actor: actorOf(auth), now: deps.clock.now() });
    return c.json(withUrl((await deps.touchpoints.getInScope(scopeOf(auth), tp.id))!), 201);
  });

  app.post('/api/v1/touchpoints/:id/deactivate', admins, async (c) => {
    const auth = authOf(c);
    const tp = await inScope(c);
    await deps.touchpoints.setActive(auth.orgId, tp.id, false, { actor: actorOf(auth), now: deps.clock.now() });
    return c.json(withUrl({ ...tp, active: false }));
  });

  app.post('/api/v1/touchpoints/:id/rotate-code', admins, async (c) => {
    const auth = authOf(c);
    const tp = await inScope(c);
    const rotated = await deps.touchpoints.rotateCode(auth.orgId, tp.id, {
      graceDays: deps.config.codeGraceDays,
      actor: actorOf(auth),
      now: deps.clock.now(),
    });
    if (!rotated) throw errors.notFound();
    return c.json({
      code: rotated.code,
      url: touchpointUrl(deps.config.publicBaseUrl, rotated.code),
      previousCode: rotated.previousCode,
      previousCodeExpiresAt: rotated.previousCodeExpiresAt.toISOString(),
    });
  });

  app.get('/api/v1/touchpoints/:id/qr.svg', managers, async (c) => {
    const tp = await inScope(c);
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    c.header('Cache-Control', 'private, no-store');
    return c.body(await qrSvg(touchpointUrl(deps.config.publicBaseUrl, tp.code)));
  });

  app.get('/api/v1/touchpoints/:id/qr.png', managers, async (c) => {
    const tp = await inScope(c);
    const png = await qrPng(touchpointUrl(deps.config.publicBaseUrl, tp.code));
    c.header('Content-Type', 'image/png');
    c.header('Cache-Control', 'private, no-store');
    return c.body(new Uint8Array(png));
  });

  app.get('/admin/touchpoints/sheet', requireAuth({ roles: ['admin', 'supervisor'], page: true }), async (c) => {
    const auth = authOf(c);
    const org = await deps.organizations.get(auth.orgId);
    if (!org) throw errors.notFound();
    const locale = negotiateLocale({ query: c.req.query('lang'), acceptLanguage: c.req.header('accept-language'), fallback: org.defaultLocale });
    const list = (await deps.touchpoints.listInScope(scopeOf(auth))).filter((t) => t.active);
    const cards = await Promise.all(
      list.map(async (t) => {
        const url = touchpointUrl(deps.config.publicBaseUrl, t.code);
        return { ...t, url, svg: await qrSvg(url) };
      }),
    );
    c.header('Cache-Control', 'private, no-store');
    return c.html(<SheetPage orgName={org.name} cards={cards} locale={locale} />);
  });

  return app;
}
