/** @jsxImportSource hono/jsx */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import * as v from 'valibot';
import type { AppEnv, Stores } from '../../app.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import { AppError, errors, toIssues } from '../../lib/errors.ts';
import { negotiateLocale, translator } from '../../lib/i18n.ts';
import { authOf, csrfToken, requireAuth, type Auth } from '../auth/middleware.ts';
import { scopeOf } from '../auth/scope.ts';
import { encodeFeedCursor, encodeWallCursor, FeedCursorSchema, FeedQuerySchema, LIMIT_DEFAULT, WallCursorSchema, WallQuerySchema } from './schemas.ts';
import type { FeedItem, FeedStore, FeedViewer, WallItem } from './store.ts';
import { href, StaffFeedPage, WallPageView, type PageChrome } from './views.tsx';

/**
 * `feed` is the feed store, built once per app in createStores (`feed: feedStore(db)`). It is
 * optional here only until src/app.ts wires it; the routes answer 500 without it.
 */
export type FeedDeps = { config: Config; clock: Clock } & Stores;

/** How many praise letters head the staff page. */
const PRAISE_ON_TOP = 3;

const staffApi = requireAuth({ roles: ['staff'] });
const staffPage = requireAuth({ roles: ['staff'], page: true });
const memberApi = requireAuth();
const memberPage = requireAuth({ page: true });

/** Signed-in members of other roles land on the wall instead of a 403 on the staff page. */
const staffOnlyPage: MiddlewareHandler<AppEnv> = async (c, next) => {
  const auth = c.get('auth');
  if (auth && auth.role !== 'staff') return c.redirect(href('/wall', { lang: c.req.query('lang') }), 303);
  await next();
};

function parseQuery<S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> {
  const result = v.safeParse(schema, c.req.query());
  if (!result.success) throw new AppError(400, 'invalid_query', 'The query parameters are invalid', toIssues(result.issues));
  return result.output;
}

const viewerOf = (auth: Auth): FeedViewer => ({ userId: auth.userId, orgId: auth.orgId, employeeId: scopeOf(auth).employeeId ?? -1 });

const feedItemJson = (item: FeedItem) => ({ ...item, createdAt: item.createdAt.toISOString() });
const wallItemJson = (item: WallItem) => ({ ...item, createdAt: item.createdAt.toISOString() });

const privateNoStore = (c: Context) => c.header('Cache-Control', 'private, no-store');

/** Staff feed (`/api/v1/me/feed`, `/me`) and the praise wall (`/api/v1/wall`, `/wall`). */
export function feedRoutes(deps: FeedDeps) {
  const app = new Hono<AppEnv>();
  const store = (): FeedStore => deps.feed;

  async function chrome(c: Context, auth: Auth): Promise<PageChrome> {
    const org = await deps.organizations.get(auth.orgId);
    if (!org) throw errors.notFound();
    const locale = negotiateLocale({ query: c.req.query('lang'), acceptLanguage: c.req.header('accept-language'), fallback: org.defaultLocale });
    return { locale, t: translator(locale), orgName: org.name, timeZone: org.timeZone, role: auth.role, csrf: csrfToken(c, deps.config) };
  }

  // ── API ──

  app.get('/api/v1/me/feed', staffApi, async (c) => {
    const query = parseQuery(c, FeedQuerySchema);
    const page = await store().feed(viewerOf(authOf(c)), { cursor: query.cursor, limit: query.limit });
    privateNoStore(c);
    return c.json({
      items: page.items.map(feedItemJson),
      nextCursor: page.nextCursor ? encodeFeedCursor(page.nextCursor) : null,
      unread: page.unread,
    });
  });

  app.post('/api/v1/me/feed/read', staffApi, async (c) => {
    await deps.users.markFeedRead(authOf(c).userId, deps.clock.now());
    return c.body(null, 204);
  });

  app.get('/api/v1/wall', memberApi, async (c) => {
    const query = parseQuery(c, WallQuerySchema);
    const page = await store().wall(authOf(c).orgId, { cursor: query.cursor, limit: query.limit });
    privateNoStore(c);
    return c.json({ items: page.items.map(wallItemJson), nextCursor: page.nextCursor ? encodeWallCursor(page.nextCursor) : null });
  });

  // ── pages ──

  app.get('/me', staffOnlyPage, staffPage, async (c) => {
    const auth = authOf(c);
    const raw = c.req.query('cursor');
    const cursor = raw === undefined ? undefined : v.safeParse(FeedCursorSchema, raw);
    // A mangled "older items" link starts again from the newest.
    if (cursor && !cursor.success) return c.redirect(href('/me', { lang: c.req.query('lang') }), 303);
    const viewer = viewerOf(auth);
    const [view, page, praise, employee] = await Promise.all([
      chrome(c, auth),
      store().feed(viewer, { cursor: cursor?.output, limit: LIMIT_DEFAULT }),
      cursor ? Promise.resolve([]) : store().latestPraise(viewer, PRAISE_ON_TOP),
      deps.employees.get(auth.orgId, viewer.employeeId),
    ]);
    privateNoStore(c);
    return c.html(
      <StaffFeedPage
        chrome={view}
        displayName={employee?.displayName ?? auth.email}
        feed={{ items: page.items, unread: page.unread, nextCursor: page.nextCursor ? encodeFeedCursor(page.nextCursor) : null }}
        praise={praise}
        cursor={cursor ? raw : undefined}
      />,
    );
  });

  app.post('/me/read', staffPage, async (c) => {
    await deps.users.markFeedRead(authOf(c).userId, deps.clock.now());
    return c.redirect(href('/me', { lang: c.req.query('lang') }), 303);
  });

  app.get('/wall', memberPage, async (c) => {
    const auth = authOf(c);
    const raw = c.req.query('cursor');
    const cursor = raw === undefined ? undefined : v.safeParse(WallCursorSchema, raw);
    if (cursor && !cursor.success) return c.redirect(href('/wall', { lang: c.req.query('lang') }), 303);
    const [view, page] = await Promise.all([chrome(c, auth), store().wall(auth.orgId, { cursor: cursor?.output, limit: LIMIT_DEFAULT })]);
    privateNoStore(c);
    return c.html(
      <WallPageView
        chrome={view}
        items={page.items}
        nextCursor={page.nextCursor ? encodeWallCursor(page.nextCursor) : null}
        cursor={cursor ? raw : undefined}
      />,
    );
  });

  return app;
}
