/**
 * Query and response schemas of the staff feed and the praise wall, and their opaque cursors.
 *
 * A cursor is base64url of a short dotted string: the keyset position of the last item served
 * (created_at, kind, id) and the highest ids that existed when the first page was read. The
 * bounds keep later pages to the items of the first page's moment, so an insert between two page
 * requests (at any created_at, even one equal to the cursor's) is never served on a later page:
 * the reader sees it at the top on the next refresh instead. Nothing is skipped or repeated.
 */
import * as v from 'valibot';

export const FEED_KINDS = ['card', 'praise'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const LIMIT_DEFAULT = 20;
export const LIMIT_MAX = 50;

/** Keyset position in the staff feed: newest first by (created_at, kind, id). */
export interface FeedCursor {
  createdAt: number;
  kind: FeedKind;
  id: number;
  /** Highest card / praise letter id of this employee when the first page was read. */
  maxCardId: number;
  maxPraiseId: number;
}

/** Keyset position on the praise wall: newest first by (created_at, id). */
export interface WallCursor {
  createdAt: number;
  id: number;
  /** Highest praise letter id of the organization when the first page was read. */
  maxPraiseId: number;
}

const FEED_PREFIX = 'f1';
const WALL_PREFIX = 'w1';
const NOT_A_CURSOR = 'is not a valid cursor (use nextCursor from the previous page as it is)';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

export const encodeFeedCursor = (c: FeedCursor): string =>
  b64([FEED_PREFIX, c.createdAt, c.kind, c.id, c.maxCardId, c.maxPraiseId].join('.'));

export const encodeWallCursor = (c: WallCursor): string => b64([WALL_PREFIX, c.createdAt, c.id, c.maxPraiseId].join('.'));

const int = (s: string) => Number(s);
const allSafe = (...ns: number[]) => ns.every((n) => Number.isSafeInteger(n) && n >= 0);

/** base64url text, decoded to the dotted string inside. */
const opaque = v.pipe(
  v.string(NOT_A_CURSOR),
  v.regex(/^[A-Za-z0-9_-]{1,160}$/, NOT_A_CURSOR),
  v.transform((s) => Buffer.from(s, 'base64url').toString('utf8')),
);

const FEED_RE = /^f1\.(\d{1,16})\.(card|praise)\.(\d{1,16})\.(\d{1,16})\.(\d{1,16})$/;
const WALL_RE = /^w1\.(\d{1,16})\.(\d{1,16})\.(\d{1,16})$/;

export const FeedCursorSchema = v.pipe(
  opaque,
  v.regex(FEED_RE, NOT_A_CURSOR),
  v.transform((s): FeedCursor => {
    const m = FEED_RE.exec(s)!;
    return { createdAt: int(m[1]!), kind: m[2] as FeedKind, id: int(m[3]!), maxCardId: int(m[4]!), maxPraiseId: int(m[5]!) };
  }),
  v.check((c) => allSafe(c.createdAt, c.id, c.maxCardId, c.maxPraiseId), NOT_A_CURSOR),
);

export const WallCursorSchema = v.pipe(
  opaque,
  v.regex(WALL_RE, NOT_A_CURSOR),
  v.transform((s): WallCursor => {
    const m = WALL_RE.exec(s)!;
    return { createdAt: int(m[1]!), id: int(m[2]!), maxPraiseId: int(m[3]!) };
  }),
  v.check((c) => allSafe(c.createdAt, c.id, c.maxPraiseId), NOT_A_CURSOR),
);

const LIMIT_MESSAGE = `must be a whole number from 1 to ${LIMIT_MAX}`;
const limit = v.pipe(
  v.string(LIMIT_MESSAGE),
  v.regex(/^\d{1,3}$/, LIMIT_MESSAGE),
  v.transform(Number),
  v.minValue(1, LIMIT_MESSAGE),
  v.maxValue(LIMIT_MAX, LIMIT_MESSAGE),
);

/** `?cursor=&limit=` of GET /api/v1/me/feed (other query parameters are ignored). */
export const FeedQuerySchema = v.object({
  cursor: v.optional(FeedCursorSchema),
  limit: v.optional(limit, String(LIMIT_DEFAULT)),
});

/** `?cursor=&limit=` of GET /api/v1/wall. */
export const WallQuerySchema = v.object({
  cursor: v.optional(WallCursorSchema),
  limit: v.optional(limit, String(LIMIT_DEFAULT)),
});

// ── responses (for the OpenAPI document) ──

const label = v.object({ ko: v.string(), en: v.string() });
const touchpoint = v.object({ name: v.string() });

export const FeedCardSchema = v.object({
  kind: v.literal('card'),
  id: v.number(),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  touchpoint,
  unread: v.boolean(),
  overall: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5)),
  ratings: v.array(v.object({ key: v.string(), label, value: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5)) })),
  about: v.nullable(v.picklist(['person', 'process', 'both'])),
  problem: v.nullable(v.object({ had: v.boolean(), resolved: v.nullable(v.boolean()) })),
  comment: v.nullable(v.string()),
});

export const FeedPraiseSchema = v.object({
  kind: v.literal('praise'),
  id: v.number(),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  touchpoint,
  unread: v.boolean(),
  body: v.string(),
  signature: v.nullable(v.string()),
  /** The writer agreed to show the letter on the praise wall. */
  shared: v.boolean(),
});

export const FeedResponseSchema = v.object({
  items: v.array(v.variant('kind', [FeedCardSchema, FeedPraiseSchema])),
  nextCursor: v.nullable(v.string()),
  unread: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

export const WallItemSchema = v.object({
  id: v.number(),
  createdAt: v.pipe(v.string(), v.isoTimestamp()),
  employee: v.object({ id: v.number(), displayName: v.string() }),
  body: v.string(),
  signature: v.nullable(v.string()),
});

export const WallResponseSchema = v.object({
  items: v.array(WallItemSchema),
  nextCursor: v.nullable(v.string()),
});
