/**
 * `mirrorcard` — serve, migrate, seed --demo, qr, demo.
 * Argument parsing with node:util parseArgs; configuration from the environment (src/config.ts),
 * with `--db` and `--port` as overrides.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { createApp, createStores } from '../app.ts';
import { systemClock } from '../clock.ts';
import { ConfigError, loadConfig, requireJwtSecret, type Config } from '../config.ts';
import { openMigratedDatabase, type Db } from '../db/client.ts';
import { DEMO_ORG, isEmpty, seedDemo } from '../features/demo/seed.ts';

const DEMO_ORG_SLUG = DEMO_ORG.slug;
import { qrTerminal, touchpointUrl } from '../features/touchpoints/qr.ts';
import { startServer } from '../server.ts';
import { recomputeFlags } from '../features/flags/service.ts';
import { createNotificationWorker } from '../features/notifications/worker.ts';
import * as v from 'valibot';
import { generatePassword, hashPassword } from '../features/auth/password.ts';
import { CreateUserSchema } from '../features/auth/schemas.ts';
import { UserInputError } from '../features/auth/store.ts';
import { toIssues } from '../lib/errors.ts';

const USAGE = `mirrorcard — customers take part in how front-line staff are appraised, rewarded and coached

Usage:
  mirrorcard serve [--db FILE] [--port N]     run the server (migrates first)
  mirrorcard migrate [--db FILE]              apply the database migrations
  mirrorcard seed --demo [--db FILE] [--json] fill an empty database with demo data
  mirrorcard qr <code> [--base URL]           print a touchpoint's QR code in the terminal
  mirrorcard flags recompute [--org SLUG]      re-evaluate the coaching-flag rule (after a rule change)
  mirrorcard user create --org SLUG --email E --role admin|supervisor|staff [--unit ID]... [--employee ID]
                                              create a user; prints a generated password
                                              (or reads one from MIRRORCARD_PASSWORD)
  mirrorcard demo [--db FILE] [--port N]      migrate, seed if empty and serve the demo

Environment: DATABASE_PATH, PORT, HOST, PUBLIC_BASE_URL, JWT_SECRET, MAX_BODY_BYTES (see README).`;

class UsageError extends Error {}

function config(env: Record<string, string | undefined>, values: { db?: string | undefined; port?: string | undefined }): Config {
  return loadConfig({
    ...env,
    ...(values.db ? { DATABASE_PATH: values.db } : {}),
    ...(values.port ? { PORT: values.port } : {}),
  });
}

/** The first LAN IPv4 address, so a phone on the same network can open the demo's QR code. */
function lanAddress(): string | undefined {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

async function serveApp(db: Db, cfg: Config) {
  const app = createApp({ db, config: cfg, clock: systemClock });
  const running = await startServer(app, { port: cfg.port, host: cfg.host });
  // Notifications are delivered from the outbox by a worker in the server process.
  const worker = createNotificationWorker({ db, config: cfg, clock: systemClock });
  worker.start(5_000);
  const stop = async () => {
    await worker.stop();
    await running.close();
    db.$client.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return running;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      port: { type: 'string' },
      base: { type: 'string' },
      org: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string', multiple: true },
      employee: { type: 'string' },
      demo: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || !command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return;
  }

  switch (command) {
    case 'serve': {
      const cfg = requireJwtSecret(config(process.env, values));
      const db = openMigratedDatabase(cfg.databasePath);
      const running = await serveApp(db, cfg);
      console.log(`mirrorcard listening on ${running.url} (public URL ${cfg.publicBaseUrl}, database ${cfg.databasePath})`);
      return;
    }
    case 'migrate': {
      const cfg = config(process.env, values);
      const db = openMigratedDatabase(cfg.databasePath);
      db.$client.close();
      console.log(`migrated ${cfg.databasePath}`);
      return;
    }
    case 'seed': {
      if (!values.demo) throw new UsageError('seed needs --demo (the only seed there is)');
      const cfg = config(process.env, values);
      const db = openMigratedDatabase(cfg.databasePath);
      if (!(await isEmpty(db))) {
        db.$client.close();
        throw new UsageError(`${cfg.databasePath} already holds data; seed an empty database`);
      }
      const manifest = await seedDemo(db, { now: new Date() });
      db.$client.close();
      if (values.json) process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
      else console.log(`seeded ${cfg.databasePath}: ${manifest.org.slug}, ${manifest.employees.length} employees, ${manifest.touchpoints.length} touchpoints`);
      return;
    }
    case 'qr': {
      const code = positionals[0];
      if (!code) throw new UsageError('qr needs a touchpoint code: mirrorcard qr <code>');
      const cfg = config(process.env, values);
      const url = touchpointUrl(values.base ?? cfg.publicBaseUrl, code);
      process.stdout.write(`${await qrTerminal(url)}\n${url}\n`);
      return;
    }
    case 'demo': {
      const env = { ...process.env };
      env.DATABASE_PATH ||= './data/demo.db';
      const port = values.port ?? env.PORT ?? '3000';
      env.PUBLIC_BASE_URL ||= `http://${lanAddress() ?? 'localhost'}:${port}`;
      // The demo signs its sessions with a per-run secret unless one is configured.
      env.JWT_SECRET ||= randomBytes(48).toString('base64url');
      const cfg = config(env, { ...values, port });
      const db = openMigratedDatabase(cfg.databasePath);
      // Demo passwords are random; they are kept beside the demo database to print on every run.
      const credentialsFile = `${cfg.databasePath}.credentials.json`;
      if (await isEmpty(db)) {
        console.log(`seeding ${cfg.databasePath} with 90 days of demo cards…`);
        const manifest = await seedDemo(db, { now: new Date() });
        writeFileSync(credentialsFile, `${JSON.stringify(manifest.users, null, 2)}\n`, { mode: 0o600 });
      }
      const users = existsSync(credentialsFile)
        ? (JSON.parse(readFileSync(credentialsFile, 'utf8')) as { email: string; password: string; role: string; org: string }[])
        : [];
      const stores = createStores(db);
      const org = await stores.organizations.getBySlug(DEMO_ORG_SLUG);
      const tps = org ? (await stores.touchpoints.list(org.id)).filter((t) => t.active) : [];
      const running = await serveApp(db, cfg);
      const first = tps.find((t) => t.employeeId !== null) ?? tps[0];
      const lines = [
        '',
        `mirrorcard demo is running on ${running.url}  (database ${cfg.databasePath})`,
        '',
        `  Printable QR sheet:  ${cfg.publicBaseUrl}/admin/touchpoints/sheet (sign in as admin)`,
        `  API docs:            ${cfg.publicBaseUrl}/docs`,
        `  Sign in:             ${cfg.publicBaseUrl}/login?org=${DEMO_ORG_SLUG}`,
        ...users.map((u) => `    ${u.role.padEnd(11)} ${u.email.padEnd(40)} ${u.password}`),
        ...tps.slice(0, 4).map((t) => `  ${t.name.padEnd(20)} ${touchpointUrl(cfg.publicBaseUrl, t.code)}`),
        '',
      ];
      console.log(lines.join('\n'));
      if (first) {
        console.log(`Scan with a phone on the same network to leave a card for ${first.employeeName ?? first.name}:`);
        console.log(await qrTerminal(touchpointUrl(cfg.publicBaseUrl, first.code)));
      }
      return;
    }
    case 'flags': {
      if (positionals[0] !== 'recompute') throw new UsageError('usage: mirrorcard flags recompute [--org SLUG]');
      const cfg = config(process.env, values);
      const db = openMigratedDatabase(cfg.databasePath);
      try {
        const stores = createStores(db);
        const slugs = values.org
          ? [values.org]
          : (db.$client.prepare('SELECT slug FROM organizations ORDER BY id').all() as { slug: string }[]).map((o) => o.slug);
        for (const slug of slugs) {
          const org = await stores.organizations.getBySlug(slug);
          if (!org) throw new UsageError(`--org: no organization with slug ${slug}`);
          const opened = await recomputeFlags(stores.flags, org, new Date());
          console.log(`${org.slug}: ${opened.length} flag(s) opened`);
        }
      } finally {
        db.$client.close();
      }
      return;
    }
    case 'user': {
      if (positionals[0] !== 'create') throw new UsageError('usage: mirrorcard user create --org SLUG --email E --role R');
      const cfg = config(process.env, values);
      const db = openMigratedDatabase(cfg.databasePath);
      try {
        const stores = createStores(db);
        const org = values.org ? await stores.organizations.getBySlug(values.org) : undefined;
        if (!org) throw new UsageError(`--org: no organization with slug ${values.org ?? '(missing)'}`);
        const input = v.safeParse(CreateUserSchema, {
          email: values.email ?? '',
          password: process.env.MIRRORCARD_PASSWORD || generatePassword(),
          role: values.role ?? '',
          ...(values.employee ? { employeeId: Number(values.employee) } : {}),
          ...(values.unit?.length ? { unitIds: values.unit.map(Number) } : {}),
        });
        if (!input.success) throw new UsageError(toIssues(input.issues).map((i) => `--${i.path.split('.')[0]}: ${i.message}`).join('; '));
        const { password, ...rest } = input.output;
        const user = await stores.users.create(org.id, { ...rest, passwordHash: await hashPassword(password) });
        console.log(JSON.stringify({ id: user.id, org: org.slug, email: user.email, role: user.role, password }, null, 2));
      } catch (err) {
        if (err instanceof UserInputError) throw new UsageError(`--${err.path === 'unitIds' ? 'unit' : err.path === 'employeeId' ? 'employee' : err.path}: ${err.message}`);
        throw err;
      } finally {
        db.$client.close();
      }
      return;
    }
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else if (err instanceof UsageError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(`mirrorcard: ${err.message}\n\n${USAGE}`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
