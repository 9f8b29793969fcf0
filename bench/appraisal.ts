/**
 * npm run bench:appraisal — an organization of 10,000 employees and 1,000,000 cards over a year;
 * prints the time of the whole-organization quarter export (rollups) and its ratio against a
 * naive GROUP BY over the cards table computing the same report.
 *
 * Cards are inserted in batches with the real rollup code (cardDelta + rollupWriter), the same
 * functions the submission path calls; only the per-card transaction is batched for speed.
 *
 * The product and the naive method are timed in alternation (three product runs, then one naive
 * run, BENCH_RUNS times), so a slow spell of a shared machine falls on both; medians are compared.
 *
 * Options (environment): BENCH_EMPLOYEES (10000), BENCH_CARDS (1000000), BENCH_RUNS (5), BENCH_DB (a file to keep
 * the generated database and reuse it), BENCH_VERBOSE (print every sample).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createStores } from '../src/app.ts';
import { openMigratedDatabase, type Db } from '../src/db/client.ts';
import { startOfLocalDay, addDays } from '../src/features/appraisal/calendar.ts';
import { cardDelta } from '../src/features/appraisal/rollup.ts';
import { rollupWriter } from '../src/features/appraisal/rollup-store.ts';
import { appraisalReport, csvChunks, type Report } from '../src/features/appraisal/service.ts';
import { appraisalStore, type AppraisalStore } from '../src/features/appraisal/store.ts';
import { emptySums, type Sums } from '../src/features/appraisal/scoring.ts';
import { mulberry32 } from '../src/features/demo/seed.ts';

const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 10_000);
const CARDS = Number(process.env.BENCH_CARDS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TZ = 'Asia/Seoul';
const YEAR_START = '2025-10-01';
const QUARTER = { from: '2026-07-01', to: '2026-09-30' };

const dir = process.env.BENCH_DB ? undefined : mkdtempSync(join(tmpdir(), 'mc-bench-'));
const path = process.env.BENCH_DB ?? join(dir!, 'bench.db');

function log(msg: string) {
  process.stderr.write(`${msg}\n`);
}

async function generate(db: Db) {
  const stores = createStores(db);
  const org = await stores.organizations.create({ slug: 'bench', name: 'Bench Org', timeZone: TZ, defaultLocale: 'ko' });
  const tpl = await stores.templates.createVersion(org.id, 'standard', [
    { key: 'courtesy', label: { ko: '친절', en: 'Courtesy' } },
    { key: 'knowledge', label: { ko: '전문성', en: 'Knowledge' } },
    { key: 'speed', label: { ko: '신속성', en: 'Speed' } },
  ]);
  const c = db.$client;
  const rng = mulberry32(7);
  const unitIds: number[] = [];
  const touchpointOfUnit = new Map<number, number>();
  const insUnit = c.prepare("INSERT INTO units (org_id, parent_id, kind, name) VALUES (?, ?, ?, ?)");
  const insEmp = c.prepare('INSERT INTO employees (org_id, unit_id, employee_no, display_name, full_name) VALUES (?, ?, ?, ?, ?)');
  const insTp = c.prepare('INSERT INTO touchpoints (org_id, unit_id, template_id, name, code) VALUES (?, ?, ?, ?, ?)');
  const employees: { id: number; unitId: number; quality: number }[] = [];
  c.transaction(() => {
    for (let p = 0; p < 10; p++) {
      const prop = Number(insUnit.run(org.id, null, 'property', `Property ${p}`).lastInsertRowid);
      for (let d = 0; d < EMPLOYEES / 20 / 10; d++) {
        const unit = Number(insUnit.run(org.id, prop, 'department', `Dept ${p}-${d}`).lastInsertRowid);
        unitIds.push(unit);
        touchpointOfUnit.set(unit, Number(insTp.run(org.id, unit, tpl.id, `Desk ${p}-${d}`, `bench${String(unit).padStart(17, '0')}`).lastInsertRowid));
      }
    }
    for (let i = 0; i < EMPLOYEES; i++) {
      const unitId = unitIds[i % unitIds.length]!;
      const id = Number(insEmp.run(org.id, unitId, `E-${String(i).padStart(6, '0')}`, `직원 ${i}`, `직원 ${i}`).lastInsertRowid);
      employees.push({ id, unitId, quality: 3.4 + rng() * 1.4 });
    }
  })();

  const rollups = rollupWriter(db);
  const insCard = c.prepare(
    `INSERT INTO comment_cards (org_id, touchpoint_id, unit_id, employee_id, template_id, overall, ratings, about, had_problem, problem_resolved, comment, locale, channel, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'ko', 'web', ?)`,
  );
  const start = startOfLocalDay(YEAR_START, TZ).getTime();
  const span = startOfLocalDay(addDays(YEAR_START, 365), TZ).getTime() - start;
  const abouts = ['person', 'person', 'both', null, 'process'] as const;
  const t0 = performance.now();
  const BATCH = 20_000;
  for (let done = 0; done < CARDS; done += BATCH) {
    c.transaction(() => {
      for (let i = done; i < Math.min(CARDS, done + BATCH); i++) {
        const e = employees[Math.floor(rng() * employees.length)]!;
        const overall = Math.max(1, Math.min(5, Math.round(e.quality + (rng() - 0.5) * 2.4)));
        const ratings: Record<string, number> = {};
        for (const k of ['courtesy', 'knowledge', 'speed']) if (rng() < 0.7) ratings[k] = Math.max(1, Math.min(5, overall + Math.round(rng() * 2 - 1)));
        const about = abouts[Math.floor(rng() * abouts.length)]!;
        const had = rng() < 0.1;
        const resolved = had ? rng() < 0.6 : null;
        const at = new Date(start + Math.floor(rng() * span));
        insCard.run(org.id, touchpointOfUnit.get(e.unitId)!, e.unitId, e.id, tpl.id, overall, JSON.stringify(ratings), about, had ? 1 : 0, resolved === null ? null : resolved ? 1 : 0, at.getTime());
        const delta = cardDelta({ employeeId: e.id, unitId: e.unitId, about, overall, ratings, hadProblem: had, problemResolved: resolved });
        rollups.apply(org.id, at, TZ, { employeeId: e.id, employee: delta.employee, unitId: e.unitId, unit: delta.unit });
      }
    })();
    if ((done / BATCH) % 10 === 0) log(`  ${(done + BATCH).toLocaleString('en')} cards…`);
  }
  log(`generated ${CARDS.toLocaleString('en')} cards for ${EMPLOYEES.toLocaleString('en')} employees in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  c.exec('ANALYZE');
  return org.id;
}

/** The same report from a GROUP BY over the cards table: what the rollups replace. */
function naiveStore(db: Db, base: AppraisalStore): AppraisalStore {
  const c = db.$client;
  const main = c.prepare(
    `SELECT employee_id AS id, COUNT(*) AS cards,
            SUM(CASE WHEN about IS NOT 'process' THEN 1 ELSE 0 END) AS personCards,
            SUM(CASE WHEN about IS NOT 'process' THEN overall ELSE 0 END) AS overallSum,
            SUM(CASE WHEN about IS NOT 'process' THEN overall * overall ELSE 0 END) AS overallSqSum,
            SUM(CASE WHEN about IS NOT 'process' AND overall <= 2 THEN 1 ELSE 0 END) AS negatives,
            SUM(CASE WHEN had_problem = 1 AND problem_resolved = 1 THEN 1 ELSE 0 END) AS recoveries
       FROM comment_cards
      WHERE org_id = ? AND created_at >= ? AND created_at < ? AND employee_id IS NOT NULL AND status = 'published'
      GROUP BY employee_id`,
  );
  const dims = c.prepare(
    `SELECT cc.employee_id AS id, j.key AS dimension, COUNT(*) AS n, SUM(j.value) AS sum
       FROM comment_cards cc, json_each(cc.ratings) j
      WHERE cc.org_id = ? AND cc.created_at >= ? AND cc.created_at < ? AND cc.employee_id IS NOT NULL AND cc.about IS NOT 'process' AND cc.status = 'published'
      GROUP BY cc.employee_id, j.key`,
  );
  const praise = c.prepare(
    `SELECT employee_id AS id, COUNT(*) AS n FROM praise_letters
      WHERE org_id = ? AND created_at >= ? AND created_at < ? AND status = 'published' GROUP BY employee_id`,
  );
  return {
    ...base,
    async sums(orgId: number, from: string, to: string, _employeeIds?: readonly number[], opts: { dims?: boolean } = {}) {
      const a = startOfLocalDay(from, TZ).getTime();
      const b = startOfLocalDay(addDays(to, 1), TZ).getTime();
      const out = new Map<number, Sums>();
      for (const r of main.all(orgId, a, b) as (Omit<Sums, 'dims' | 'praise'> & { id: number })[]) {
        const { id, ...rest } = r;
        out.set(id, { ...rest, praise: 0, dims: {} });
      }
      // Like the product, the previous period skips the dimensions.
      for (const d of (opts.dims ?? true ? dims.all(orgId, a, b) : []) as { id: number; dimension: string; n: number; sum: number }[]) {
        let s = out.get(d.id);
        if (!s) out.set(d.id, (s = emptySums()));
        s.dims[d.dimension] = { n: d.n, sum: d.sum };
      }
      for (const p of praise.all(orgId, a, b) as { id: number; n: number }[]) {
        let s = out.get(p.id);
        if (!s) out.set(p.id, (s = emptySums()));
        s.praise = p.n;
      }
      return out;
    },
  };
}

/** The export as the endpoint makes it: the report, then the CSV chunks it streams. */
async function exportCsv(store: AppraisalStore, orgId: number): Promise<{ bytes: number; report: Report }> {
  const report = await appraisalReport(store, { orgId }, QUARTER);
  let bytes = 0;
  for (const chunk of csvChunks(report, { bom: false })) bytes += Buffer.byteLength(chunk);
  return { bytes, report };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Times two methods in alternation — `fastPerRound` runs of the first, then one of the second,
 * `rounds` times, after a warm-up of each — so a slow spell of a shared machine falls on both
 * sides alike. Returns the median of each.
 */
async function compare(label: string, fast: () => Promise<unknown>, slow: () => Promise<unknown>, rounds: number, fastPerRound = 3) {
  await fast(); // warm-up: statement preparation and page cache
  await slow();
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < fastPerRound; i++) {
      const t = performance.now();
      await fast();
      a.push(performance.now() - t);
    }
    const t = performance.now();
    await slow();
    b.push(performance.now() - t);
  }
  const show = (name: string, xs: number[]) =>
    log(`${label}, ${name}: median ${median(xs).toFixed(1)} ms over ${xs.length} runs (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)})`);
  if (process.env.BENCH_VERBOSE) log(`  samples: ${a.map((x) => x.toFixed(0)).join(' ')} | ${b.map((x) => x.toFixed(0)).join(' ')}`);
  show('rollups (the product)', a);
  show('naive GROUP BY over cards', b);
  return { fast: median(a), slow: median(b) };
}

async function main() {
  log(`database: ${path}`);
  const db = openMigratedDatabase(path);
  const existing = db.$client.prepare("SELECT id FROM organizations WHERE slug = 'bench'").get() as { id: number } | undefined;
  const orgId = existing?.id ?? (await generate(db));
  const rollupStore = appraisalStore(db);
  const naive = naiveStore(db, rollupStore);

  // Same numbers both ways, or the comparison means nothing.
  const a = await exportCsv(rollupStore, orgId);
  const b = await exportCsv(naive, orgId);
  const key = (r: Report) => JSON.stringify(r.rows.map((x) => [x.employee.id, x.score, x.previous]));
  if (key(a.report) !== key(b.report)) throw new Error('rollup and naive reports differ');
  log(`whole-organization quarter export: ${a.report.rows.length.toLocaleString('en')} employees, ${(a.bytes / 1024).toFixed(0)} KiB of CSV; both methods agree`);

  const whole = await compare('whole export', () => exportCsv(rollupStore, orgId), () => exportCsv(naive, orgId), RUNS);
  // The store keeps the organization's sorted employee list while its roster version holds; the
  // first export after a change to units or employees reads and sorts it again (both methods).
  const bump = db.$client.prepare('UPDATE organizations SET roster_version = roster_version + 1 WHERE id = ?');
  const cold = await compare(
    'whole export, first after a roster change',
    async () => {
      bump.run(orgId);
      await exportCsv(rollupStore, orgId);
    },
    async () => {
      bump.run(orgId);
      await exportCsv(naive, orgId);
    },
    RUNS,
  );
  // The data access alone (both periods' sums), where the rollups and the GROUP BY differ; the
  // report and the CSV that follow are the same work on both sides.
  const prev = { from: '2026-03-31', to: '2026-06-30' };
  const sumsOf = (store: AppraisalStore) => async () => {
    await store.sums(orgId, QUARTER.from, QUARTER.to);
    await store.sums(orgId, prev.from, prev.to, undefined, { dims: false });
  };
  const access = await compare('data access', sumsOf(rollupStore), sumsOf(naive), RUNS);
  const [fast, slow, fastSums, slowSums] = [whole.fast, whole.slow, access.fast, access.slow];
  const result = {
    employees: EMPLOYEES,
    cards: CARDS,
    quarter: QUARTER,
    exportMs: Number(fast.toFixed(1)),
    naiveMs: Number(slow.toFixed(1)),
    ratio: Number((slow / fast).toFixed(1)),
    exportAfterRosterChangeMs: Number(cold.fast.toFixed(1)),
    ratioAfterRosterChange: Number((cold.slow / cold.fast).toFixed(1)),
    dataAccessMs: Number(fastSums.toFixed(1)),
    naiveDataAccessMs: Number(slowSums.toFixed(1)),
    dataAccessRatio: Number((slowSums / fastSums).toFixed(1)),
    targets: { exportUnderMs: 1000, ratioAtLeast: 20 },
    // Met only if it holds for the first export after a roster change too.
    met: fast < 1000 && slow / fast >= 20 && cold.fast < 1000 && cold.slow / cold.fast >= 20,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  db.$client.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

await main();
