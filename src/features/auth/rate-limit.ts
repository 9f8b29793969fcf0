/**
 * A fixed-window counter per key, in memory, judged by the injected clock. Enough for one
 * server process; a shared store comes with horizontal scaling.
 */
import type { Clock } from '../../clock.ts';

export interface Limit {
  max: number;
  windowMs: number;
}

export function rateLimiter(clock: Clock) {
  const hits = new Map<string, { count: number; resetAt: number }>();
  const current = (key: string) => {
    const now = clock.now().getTime();
    const entry = hits.get(key);
    if (!entry || entry.resetAt <= now) return undefined;
    return entry;
  };
  return {
    /** Seconds until the key may try again, or 0 when it is under its limit. */
    retryAfter(key: string, limit: Limit): number {
      const entry = current(key);
      if (!entry || entry.count < limit.max) return 0;
      return Math.max(1, Math.ceil((entry.resetAt - clock.now().getTime()) / 1000));
    },
    hit(key: string, limit: Limit): void {
      const entry = current(key);
      if (entry) entry.count += 1;
      else hits.set(key, { count: 1, resetAt: clock.now().getTime() + limit.windowMs });
      if (hits.size > 100_000) for (const [k] of hits) { if (!current(k)) hits.delete(k); }
    },
    reset(key: string): void {
      hits.delete(key);
    },
  };
}

export type RateLimiter = ReturnType<typeof rateLimiter>;
