/**
 * A fresh, migrated in-memory database with a small organization, and the real app on it.
 * Two organizations, so every test can check that one never reaches into the other.
 */
import { createApp, createStores } from '../../src/app.ts';
import { fixedClock } from '../../src/clock.ts';
import { testConfig, type Config } from '../../src/config.ts';
import { openMigratedDatabase, type Db } from '../../src/db/client.ts';
import type { Role } from '../../src/db/schema.ts';
import { hashPassword } from '../../src/features/auth/password.ts';
import { signAccessToken } from '../../src/features/auth/tokens.ts';

/** Every fixture user has this password (hashed with cheap scrypt parameters to keep tests fast). */
export const PASSWORD = 'correct horse battery';
let cheapHash: Promise<string> | undefined;

export async function makeFixture(opts: { config?: Partial<Config>; now?: string; db?: Db } = {}) {
  const db = opts.db ?? openMigratedDatabase(':memory:');
  const clock = fixedClock(opts.now ?? '2026-11-20T03:00:00Z');
  const config = testConfig(opts.config);
  const errors: unknown[] = [];
  const app = createApp({ db, config, clock, logError: (e) => errors.push(e) });
  const stores = createStores(db);

  const org = await stores.organizations.create({ slug: 'hanbit', name: '한빛 리조트', timeZone: 'Asia/Seoul', defaultLocale: 'ko' });
  const golf = await stores.organizations.createUnit(org.id, { name: 'Golf Club', kind: 'property' });
  const caddies = await stores.organizations.createUnit(org.id, { name: 'Caddies', kind: 'department', parentId: golf.id });
  const hotel = await stores.organizations.createUnit(org.id, { name: 'Hotel', kind: 'property' });
  const desk = await stores.organizations.createUnit(org.id, { name: 'Front Desk', kind: 'department', parentId: hotel.id });

  const template = await stores.templates.createVersion(org.id, 'standard', [
    { key: 'courtesy', label: { ko: '친절', en: 'Courtesy' } },
    { key: 'knowledge', label: { ko: '전문성', en: 'Knowledge' } },
    { key: 'speed', label: { ko: '신속성', en: 'Speed' } },
  ]);

  const kim = await stores.employees.create(org.id, { unitId: caddies.id, employeeNo: 'C-001', displayName: '김캐디', fullName: '김민지' });
  const lee = await stores.employees.create(org.id, { unitId: desk.id, employeeNo: 'H-001', displayName: 'Lee', fullName: '이서연' });
  const park = await stores.employees.create(org.id, { unitId: desk.id, employeeNo: 'H-002', displayName: 'Park', fullName: '박준호' });
  const gone = await stores.employees.create(org.id, { unitId: desk.id, employeeNo: 'H-003', displayName: 'Gone', fullName: '최퇴사', active: false });

  const bib = await stores.touchpoints.create(org.id, { unitId: caddies.id, templateId: template.id, name: 'Caddie bib 7', employeeId: kim.id });
  const frontDesk = await stores.touchpoints.create(org.id, { unitId: desk.id, templateId: template.id, name: 'Front desk' });
  const inactive = await stores.touchpoints.create(org.id, { unitId: desk.id, templateId: template.id, name: 'Old desk', active: false });

  // A second organization, to prove isolation.
  const other = await stores.organizations.create({ slug: 'other', name: 'Other Air', timeZone: 'UTC', defaultLocale: 'en' });
  const otherUnit = await stores.organizations.createUnit(other.id, { name: 'Cabin', kind: 'property' });
  const otherTpl = await stores.templates.createVersion(other.id, 'standard', []);
  const stranger = await stores.employees.create(other.id, { unitId: otherUnit.id, employeeNo: 'X-1', displayName: 'Stranger', fullName: 'Stranger' });
  const otherTp = await stores.touchpoints.create(other.id, { unitId: otherUnit.id, templateId: otherTpl.id, name: 'Badge' });

  // Users: one of each role, two of some, and an admin of the other organization.
  cheapHash ??= hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 });
  const passwordHash = await cheapHash;
  const mkUser = (orgId: number, email: string, role: Role, extra: { employeeId?: number; unitIds?: number[] } = {}) =>
    stores.users.create(orgId, { email, passwordHash, role, ...extra });
  const users = {
    admin: await mkUser(org.id, 'admin@hanbit.example', 'admin'),
    supervisorGolf: await mkUser(org.id, 'golf.lead@hanbit.example', 'supervisor', { unitIds: [golf.id] }),
    supervisorDesk: await mkUser(org.id, 'desk.lead@hanbit.example', 'supervisor', { unitIds: [desk.id] }),
    staffKim: await mkUser(org.id, 'kim@hanbit.example', 'staff', { employeeId: kim.id }),
    staffLee: await mkUser(org.id, 'lee@hanbit.example', 'staff', { employeeId: lee.id }),
    otherAdmin: await mkUser(other.id, 'admin@other.example', 'admin'),
  };
  /** A valid access token for a user, signed as the app would (no password round trip). */
  const tokenFor = (user: { id: number; orgId: number; role: Role }) =>
    signAccessToken(config.jwtSecret!, clock, { userId: user.id, orgId: user.orgId, role: user.role });
  /** Headers for an API call as that user. */
  const as = async (user: { id: number; orgId: number; role: Role }, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${await tokenFor(user)}`,
    ...extra,
  });

  const count = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  return {
    db, app, clock, config, stores, errors, count, users, tokenFor, as,
    org, units: { golf, caddies, hotel, desk }, template,
    employees: { kim, lee, park, gone },
    touchpoints: { bib, frontDesk, inactive },
    other: { org: other, unit: otherUnit, employee: stranger, touchpoint: otherTp },
  };
}

export type Fixture = Awaited<ReturnType<typeof makeFixture>>;

export function postJson(app: Fixture['app'], path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function postForm(app: Fixture['app'], path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The cookies a response sets, by name (a minimal cookie jar for page-session tests). */
export function cookies(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    out[pair!.slice(0, i)] = pair!.slice(i + 1);
  }
  return out;
}

/** A Cookie request header from a jar (cleared cookies, set to empty, are left out). */
export const cookieHeader = (jar: Record<string, string>) =>
  Object.entries(jar)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
