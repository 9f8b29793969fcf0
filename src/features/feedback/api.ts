/** The customer's JSON API: `POST /api/v1/t/:code/cards` and `POST /api/v1/t/:code/praise`. */
import { Hono } from 'hono';
import { readJson } from '../../lib/http.ts';
import type { AppEnv } from '../../app.ts';
import { CardInputSchema, PraiseInputSchema } from './schemas.ts';
import { requireTouchpoint, submitCard, submitPraise, type FeedbackDeps } from './service.ts';

export function feedbackApi(deps: FeedbackDeps) {
  const api = new Hono<AppEnv>();

  api.post('/t/:code/cards', async (c) => {
    const tp = await requireTouchpoint(deps, c.req.param('code'));
    const input = await readJson(c, CardInputSchema);
    const created = await submitCard(deps, tp, input, {
      channel: 'api',
      locale: tp.orgDefaultLocale,
      idempotencyKey: c.req.header('idempotency-key'),
    });
    if (created.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json({ id: created.id }, 201);
  });

  api.post('/t/:code/praise', async (c) => {
    const tp = await requireTouchpoint(deps, c.req.param('code'));
    const input = await readJson(c, PraiseInputSchema);
    const created = await submitPraise(deps, tp, input, {
      channel: 'api',
      locale: tp.orgDefaultLocale,
      idempotencyKey: c.req.header('idempotency-key'),
    });
    if (created.replayed) c.header('Idempotent-Replayed', 'true');
    return c.json({ id: created.id }, 201);
  });

  return api;
}
