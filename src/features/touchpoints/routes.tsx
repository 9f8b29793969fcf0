/** @jsxImportSource hono/jsx */
/**
 * QR images of a touchpoint (`/t/:code/qr.svg`, `/t/:code/qr.png`: the code itself is the only
 * key, as it is printed on the card) and the printable sheet of an organization's touchpoints.
 * The sheet moves behind admin login with the accounts issue.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { errors } from '../../lib/errors.ts';
import { negotiateLocale } from '../../lib/i18n.ts';
import type { OrganizationStore } from '../organizations/store.ts';
import { qrPng, qrSvg, touchpointUrl } from './qr.ts';
import { SheetPage } from './sheet.tsx';
import type { TouchpointStore } from './store.ts';

export function touchpointRoutes(deps: { config: Config; clock: Clock; touchpoints: TouchpointStore; organizations: OrganizationStore }) {
  const app = new Hono<AppEnv>();
  const cache = 'public, max-age=86400';

  app.get('/t/:code/qr.svg', async (c) => {
    const tp = await deps.touchpoints.findActiveByCode(c.req.param('code'));
    if (!tp) throw errors.notFound();
    c.header('Content-Type', 'image/svg+xml; charset=utf-8');
    c.header('Cache-Control', cache);
    return c.body(await qrSvg(touchpointUrl(deps.config.publicBaseUrl, tp.code)));
  });

  app.get('/t/:code/qr.png', async (c) => {
    const tp = await deps.touchpoints.findActiveByCode(c.req.param('code'));
    if (!tp) throw errors.notFound();
    const png = await qrPng(touchpointUrl(deps.config.publicBaseUrl, tp.code));
    c.header('Content-Type', 'image/png');
    c.header('Cache-Control', cache);
    return c.body(new Uint8Array(png));
  });

  app.get('/admin/orgs/:slug/sheet', async (c) => {
    const org = await deps.organizations.getBySlug(c.req.param('slug'));
    if (!org) throw errors.notFound();
    const locale = negotiateLocale({ query: c.req.query('lang'), acceptLanguage: c.req.header('accept-language'), fallback: org.defaultLocale });
    const cards = await sheetCards(deps, org.id);
    return c.html(<SheetPage orgName={org.name} cards={cards} locale={locale} />);
  });

  return app;
}

export async function sheetCards(deps: { config: Config; touchpoints: TouchpointStore }, orgId: number) {
  const list = (await deps.touchpoints.list(orgId)).filter((t) => t.active);
  return Promise.all(
    list.map(async (t) => {
      const url = touchpointUrl(deps.config.publicBaseUrl, t.code);
      return { ...t, url, svg: await qrSvg(url) };
    }),
  );
}
