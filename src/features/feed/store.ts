/**
 * Reads for the staff feed and the praise wall. Statements are prepared once per store.
 *
 * The feed is one UNION ALL over the employee's published comment cards and praise letters,
 * newest first by (created_at, kind, id), paged by keyset (see schemas.ts for the cursor).
 * `card_contacts` is never joined: customer contact details cannot reach a feed.
 */
import type { Db } from '../../db/client.ts';
import type { About, TemplateDimension } from '../../db/schema.ts';
import type { FeedCursor, FeedKind, WallCursor } from './schemas.ts';

/** Whose feed: the staff user (for read state) and their employee, within their organization. */
export interface FeedViewer {
  userId: number;
  orgId: number;
  employeeId: number;
}

interface ItemBase {
  id: number;
  createdAt: Date;
  touchpoint: { name: string };
  /** Created after the viewer last marked the feed as read. */
  unread: boolean;
}

export interface FeedRating {
  key: string;
  label: { ko: string; en: string };
  value: number;
}

export interface FeedCardItem extends ItemBase {
  kind: 'card';
  overall: number;
  /** In the template's dimension order; only the dimensions the customer answered. */
  ratings: FeedRating[];
  about: About | null;
  problem: { had: boolean; resolved: boolean | null } | null;
  comment: string | null;
}

export interface FeedPraiseItem extends ItemBase {
  kind: 'praise';
  body: string;
  signature: string | null;
  /** The writer agreed to show it on the praise wall. */
  shared: boolean;
}

export type FeedItem = FeedCardItem | FeedPraiseItem;

export interface FeedPage {
  items: FeedItem[];
  nextCursor: FeedCursor | null;
  /** Unread items in the whole feed (not only this page). */
  unread: number;
}

export interface WallItem {
  id: number;
  createdAt: Date;
  employee: { id: number; displayName: string };
  body: string;
  signature: string | null;
}

export interface WallPage {
  items: WallItem[];
  nextCursor: WallCursor | null;
}

interface FeedRow {
  kind: FeedKind;
  id: number;
  created_at: number;
  touchpoint_name: string;
  overall: number | null;
  ratings: string | null;
  about: About | null;
  had_problem: number | null;
  problem_resolved: number | null;
  comment: string | null;
  dimensions: string | null;
  body: string | null;
  signature: string | null;
  publish: number | null;
}

interface WallRow {
  id: number;
  created_at: number;
  body: string;
  signature: string | null;
  employee_id: number;
  display_name: string;
}

type Owner = { orgId: number; employeeId: number };
type Keyset = { t: number; k: FeedKind; i: number };
type Bounds = { maxCardId: number; maxPraiseId: number };

/** Sorts after every real position: the first page. */
const START: Keyset = { t: Number.MAX_SAFE_INTEGER, k: 'praise', i: Number.MAX_SAFE_INTEGER };

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function ratingsOf(ratingsJson: string | null, dimensionsJson: string | null): FeedRating[] {
  const ratings = parseJson<Record<string, number>>(ratingsJson, {});
  const dimensions = parseJson<TemplateDimension[]>(dimensionsJson, []);
  const out: FeedRating[] = [];
  const seen = new Set<string>();
  for (const d of dimensions) {
    const value = ratings[d.key];
    if (typeof value === 'number') {
      out.push({ key: d.key, label: { ko: d.label.ko, en: d.label.en }, value });
      seen.add(d.key);
    }
  }
  // A key the template no longer names (cannot happen today: versions are immutable).
  for (const [key, value] of Object.entries(ratings)) {
    if (!seen.has(key) && typeof value === 'number') out.push({ key, label: { ko: key, en: key }, value });
  }
  return out;
}

const bool = (n: number | null) => (n === null ? null : n !== 0);

function toItem(row: FeedRow, readAt: number | null): FeedItem {
  const base = {
    id: row.id,
    createdAt: new Date(row.created_at),
    touchpoint: { name: row.touchpoint_name },
    unread: readAt === null || row.created_at > readAt,
  };
  if (row.kind === 'praise') {
    return { kind: 'praise', ...base, body: row.body ?? '', signature: row.signature, shared: row.publish === 1 };
  }
  const had = bool(row.had_problem);
  return {
    kind: 'card',
    ...base,
    overall: row.overall ?? 0,
    ratings: ratingsOf(row.ratings, row.dimensions),
    about: row.about,
    problem: had === null ? null : { had, resolved: bool(row.problem_resolved) },
    comment: row.comment,
  };
}

/** Rows strictly after the keyset position `(@t, @k, @i)` in (created_at DESC, kind DESC, id DESC) order. */
const after = (alias: string, kind: FeedKind) =>
  `(${alias}.created_at < @t OR (${alias}.created_at = @t AND ('${kind}' < @k OR ('${kind}' = @k AND ${alias}.id < @i))))`;

export function feedStore(db: Db) {
  const sqlite = db.$client;

  const readAtOf = sqlite.prepare<{ userId: number; orgId: number }, { feed_read_at: number | null }>(
    'SELECT feed_read_at FROM users WHERE id = @userId AND org_id = @orgId',
  );

  // The highest ids of the employee's rows, of any status: the snapshot for later pages.
  const feedBounds = sqlite.prepare<Owner, Bounds>(
    `SELECT
       (SELECT coalesce(max(id), 0) FROM comment_cards WHERE org_id = @orgId AND employee_id = @employeeId) AS maxCardId,
       (SELECT coalesce(max(id), 0) FROM praise_letters WHERE org_id = @orgId AND employee_id = @employeeId) AS maxPraiseId`,
  );

  const unreadCount = sqlite.prepare<Owner & { since: number }, { n: number }>(
    `SELECT
       (SELECT count(*) FROM comment_cards
         WHERE org_id = @orgId AND employee_id = @employeeId AND status = 'published' AND created_at > @since)
     + (SELECT count(*) FROM praise_letters
         WHERE org_id = @orgId AND employee_id = @employeeId AND status = 'published' AND created_at > @since) AS n`,
  );

  // Each branch takes at most @limit rows by the (org_id, employee_id, created_at) index; the
  // outer query merges them. Only columns a staff member may read are selected.
  const feedPage = sqlite.prepare<Owner & Keyset & Bounds & { limit: number }, FeedRow>(
    `SELECT kind, id, created_at, touchpoint_name, overall, ratings, about, had_problem, problem_resolved, comment,
            dimensions, body, signature, publish
     FROM (
       SELECT * FROM (
         SELECT 'card' AS kind, c.id AS id, c.created_at AS created_at, t.name AS touchpoint_name,
                c.overall AS overall, c.ratings AS ratings, c.about AS about, c.had_problem AS had_problem,
                c.problem_resolved AS problem_resolved, c.comment AS comment, tpl.dimensions AS dimensions,
                NULL AS body, NULL AS signature, NULL AS publish
         FROM comment_cards c
         JOIN touchpoints t ON t.id = c.touchpoint_id
         JOIN card_templates tpl ON tpl.id = c.template_id
         WHERE c.org_id = @orgId AND c.employee_id = @employeeId AND c.status = 'published'
           AND c.id <= @maxCardId AND ${after('c', 'card')}
         ORDER BY c.created_at DESC, c.id DESC
         LIMIT @limit
       )
       UNION ALL
       SELECT * FROM (
         SELECT 'praise', p.id, p.created_at, t.name,
                NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                p.body, p.signature, p.publish
         FROM praise_letters p
         JOIN touchpoints t ON t.id = p.touchpoint_id
         WHERE p.org_id = @orgId AND p.employee_id = @employeeId AND p.status = 'published'
           AND p.id <= @maxPraiseId AND ${after('p', 'praise')}
         ORDER BY p.created_at DESC, p.id DESC
         LIMIT @limit
       )
     )
     ORDER BY created_at DESC, kind DESC, id DESC
     LIMIT @limit`,
  );

  const latestPraise = sqlite.prepare<Owner & { limit: number }, FeedRow>(
    `SELECT 'praise' AS kind, p.id, p.created_at, t.name AS touchpoint_name,
            NULL AS overall, NULL AS ratings, NULL AS about, NULL AS had_problem, NULL AS problem_resolved,
            NULL AS comment, NULL AS dimensions, p.body, p.signature, p.publish
     FROM praise_letters p
     JOIN touchpoints t ON t.id = p.touchpoint_id
     WHERE p.org_id = @orgId AND p.employee_id = @employeeId AND p.status = 'published'
     ORDER BY p.created_at DESC, p.id DESC
     LIMIT @limit`,
  );

  const wallBound = sqlite.prepare<{ orgId: number }, { maxPraiseId: number }>(
    'SELECT coalesce(max(id), 0) AS maxPraiseId FROM praise_letters WHERE org_id = @orgId',
  );

  const wallPage = sqlite.prepare<{ orgId: number; t: number; i: number; maxPraiseId: number; limit: number }, WallRow>(
    `SELECT p.id, p.created_at, p.body, p.signature, e.id AS employee_id, e.display_name
     FROM praise_letters p
     JOIN employees e ON e.id = p.employee_id AND e.org_id = p.org_id
     WHERE p.org_id = @orgId AND p.publish = 1 AND p.status = 'published' AND p.id <= @maxPraiseId
       AND (p.created_at < @t OR (p.created_at = @t AND p.id < @i))
     ORDER BY p.created_at DESC, p.id DESC
     LIMIT @limit`,
  );

  const readAt = (viewer: FeedViewer) => readAtOf.get({ userId: viewer.userId, orgId: viewer.orgId })?.feed_read_at ?? null;

  // One read transaction per page, so the bounds, the count and the rows agree.
  const readFeed = sqlite.transaction((viewer: FeedViewer, cursor: FeedCursor | undefined, limit: number): FeedPage => {
    const owner: Owner = { orgId: viewer.orgId, employeeId: viewer.employeeId };
    const since = readAt(viewer);
    const bounds: Bounds = cursor
      ? { maxCardId: cursor.maxCardId, maxPraiseId: cursor.maxPraiseId }
      : (feedBounds.get(owner) ?? { maxCardId: 0, maxPraiseId: 0 });
    const position: Keyset = cursor ? { t: cursor.createdAt, k: cursor.kind, i: cursor.id } : START;
    const rows = feedPage.all({ ...owner, ...position, ...bounds, limit: limit + 1 });
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toItem(r, since)),
      nextCursor: more && last ? { createdAt: last.created_at, kind: last.kind, id: last.id, ...bounds } : null,
      unread: unreadCount.get({ ...owner, since: since ?? -1 })?.n ?? 0,
    };
  });

  const readWall = sqlite.transaction((orgId: number, cursor: WallCursor | undefined, limit: number): WallPage => {
    const maxPraiseId = cursor ? cursor.maxPraiseId : (wallBound.get({ orgId })?.maxPraiseId ?? 0);
    const t = cursor ? cursor.createdAt : Number.MAX_SAFE_INTEGER;
    const i = cursor ? cursor.id : Number.MAX_SAFE_INTEGER;
    const rows = wallPage.all({ orgId, t, i, maxPraiseId, limit: limit + 1 });
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        createdAt: new Date(r.created_at),
        employee: { id: r.employee_id, displayName: r.display_name },
        body: r.body,
        signature: r.signature,
      })),
      nextCursor: more && last ? { createdAt: last.created_at, id: last.id, maxPraiseId } : null,
    };
  });

  return {
    /** One page of the viewer's feed: their own published cards and praise letters, newest first. */
    async feed(viewer: FeedViewer, page: { cursor?: FeedCursor | undefined; limit: number }): Promise<FeedPage> {
      return readFeed(viewer, page.cursor, page.limit);
    },

    /** The viewer's newest published praise letters (the top of the staff page). */
    async latestPraise(viewer: FeedViewer, limit: number): Promise<FeedPraiseItem[]> {
      const since = readAt(viewer);
      return latestPraise
        .all({ orgId: viewer.orgId, employeeId: viewer.employeeId, limit })
        .map((r) => toItem(r, since))
        .filter((i): i is FeedPraiseItem => i.kind === 'praise');
    },

    /** One page of the organization's praise wall: published letters whose writers consented. */
    async wall(orgId: number, page: { cursor?: WallCursor | undefined; limit: number }): Promise<WallPage> {
      return readWall(orgId, page.cursor, page.limit);
    },
  };
}

export type FeedStore = ReturnType<typeof feedStore>;
