import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { CardInputSchema } from '../src/features/feedback/schemas.ts';
import { makeFixture } from './support/fixture.ts';

describe('OpenAPI', () => {
  test('/openapi.json describes the customer API from the routes’ own schemas', async () => {
    const f = await makeFixture();
    const res = await f.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const spec = (await res.json()) as any;
    expect(spec.openapi).toBe('3.1.0');
    const card = spec.paths['/api/v1/t/{code}/cards'].post;
    const schema = card.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(['overall']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.overall).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
    expect(schema.properties.about.enum).toEqual(['person', 'process', 'both']);
    expect(schema.properties.comment.maxLength).toBe(2000);
    expect(Object.keys(card.responses)).toEqual(expect.arrayContaining(['201', '400', '404', '413', '415']));
    expect(card.parameters.map((p: { name: string }) => p.name)).toEqual(['code', 'Idempotency-Key']);
    const praise = spec.paths['/api/v1/t/{code}/praise'].post.requestBody.content['application/json'].schema;
    expect(praise.properties.body).toMatchObject({ type: 'string', minLength: 1, maxLength: 4000 });
  });

  test('an example that the spec documents is accepted by the schema, and vice versa for a bad one', () => {
    expect(v.safeParse(CardInputSchema, { overall: 5, about: 'person', ratings: { courtesy: 4 } }).success).toBe(true);
    expect(v.safeParse(CardInputSchema, { overall: 5, unknown: 1 }).success).toBe(false);
  });

  test('/docs is a readable page that lists every operation', async () => {
    const f = await makeFixture();
    const html = await (await f.app.request('/docs')).text();
    expect(html).toContain('POST</code> <code>/api/v1/t/{code}/cards');
    expect(html).toContain('POST</code> <code>/api/v1/t/{code}/praise');
    expect(html).toContain('href="/openapi.json"');
  });
});

describe('OpenAPI covers the whole API', () => {
  test('every registered /api/v1 route is documented, and every documented operation is served', async () => {
    const f = await makeFixture();
    const spec = (await (await f.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      security: unknown[];
    };
    const served = new Set(
      f.app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/'))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const documented = new Set(Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)));
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
    expect(spec.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(spec.security).toEqual([{ bearerAuth: [] }]);
    // Customer and sign-in endpoints need no token.
    expect(spec.paths['/api/v1/t/{code}/cards']!.post!.security).toEqual([]);
    expect(spec.paths['/api/v1/auth/login']!.post!.security).toEqual([]);
    expect(spec.paths['/api/v1/flags']!.get!.security).toBeUndefined();
  });
});
