import type { Operation } from '../openapi/spec.ts';
import { FeedResponseSchema, LIMIT_DEFAULT, LIMIT_MAX, WallResponseSchema } from './schemas.ts';

const pageParams: NonNullable<Operation['params']> = [
  { name: 'cursor', in: 'query', description: 'Opaque: `nextCursor` of the previous page. Omit for the newest items.' },
  { name: 'limit', in: 'query', description: `Items per page, 1–${LIMIT_MAX} (default ${LIMIT_DEFAULT}).` },
];
const badQuery = { '400': { description: 'Malformed `cursor` or `limit` (`invalid_query`, with `issues`)' } };
const signedIn = { '401': { description: 'Not signed in (`unauthorized`)' } };

export const feedOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/me/feed',
    summary: 'My feed (staff): my published comment cards and praise letters, newest first',
    description:
      'Only the caller’s own items with status `published`; never the customer’s contact details. Ordered by `createdAt`, then `kind`, then `id`, all descending, and paged by keyset: pages never skip or repeat an item, and items that arrive after the first page appear at the top on the next first page, not on later pages. `unread` counts items created after the last `POST /api/v1/me/feed/read`.',
    tags: ['feed'],
    params: pageParams,
    responses: {
      '200': { description: 'One page of the feed', schema: FeedResponseSchema },
      ...badQuery,
      ...signedIn,
      '403': { description: 'Not a staff member (`forbidden`)' },
    },
  },
  {
    method: 'post',
    path: '/api/v1/me/feed/read',
    summary: 'Mark my whole feed as read, up to now (staff)',
    tags: ['feed'],
    responses: { '204': { description: 'Marked as read' }, ...signedIn, '403': { description: 'Not a staff member (`forbidden`), or a cookie call without the CSRF token (`csrf_failed`)' } },
  },
  {
    method: 'get',
    path: '/api/v1/wall',
    summary: 'Praise wall: letters whose writers agreed to share them, in my organization',
    description: 'Every signed-in member of the organization (all roles). Newest first, paged by keyset like the feed.',
    tags: ['feed'],
    params: pageParams,
    responses: { '200': { description: 'One page of the wall', schema: WallResponseSchema }, ...badQuery, ...signedIn },
  },
];
