import type { Operation } from '../openapi/spec.ts';
import { LoginSchema, RefreshSchema, TokensSchema } from './schemas.ts';

export const authOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Sign in',
    description:
      'Answers a 15-minute HS256 access token and an opaque 30-day refresh token. Unknown user and wrong password answer the same 401. Rate-limited per account (5 failures / 15 min) and per address (30 attempts / 15 min): 429 with Retry-After.',
    tags: ['auth'],
    public: true,
    body: LoginSchema,
    responses: {
      '200': { description: 'Signed in', schema: TokensSchema },
      '400': { description: 'Invalid body' },
      '401': { description: '`invalid_credentials`' },
      '429': { description: '`rate_limited`' },
    },
  },
  {
    method: 'post',
    path: '/api/v1/auth/refresh',
    summary: 'Rotate a refresh token',
    description: 'The presented token is used up and a new pair is answered. Presenting a used token again revokes every token of that sign-in (`refresh_token_reused`).',
    tags: ['auth'],
    public: true,
    body: RefreshSchema,
    responses: { '200': { description: 'New tokens', schema: TokensSchema }, '401': { description: '`invalid_refresh_token` or `refresh_token_reused`' } },
  },
  {
    method: 'post',
    path: '/api/v1/auth/logout',
    summary: 'Sign out (revoke the refresh token and its family)',
    tags: ['auth'],
    public: true,
    body: RefreshSchema,
    responses: { '204': { description: 'Signed out' } },
  },
];
