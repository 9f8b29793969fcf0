/** Users, supervisor units and refresh tokens. */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { employees, refreshTokens, supervisorUnits, units, users, type Role } from '../../db/schema.ts';
import { recordAudit, type Actor } from '../audit/store.ts';

export type User = typeof users.$inferSelect;
export type PublicUser = Omit<User, 'passwordHash'> & { unitIds: number[] };

export const REFRESH_TTL_MS = 30 * 24 * 3600 * 1000;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export class UserInputError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export function userStore(db: Db) {
  const unitIdsOf = db.$client.prepare<[number], { unit_id: number }>('SELECT unit_id FROM supervisor_units WHERE user_id = ?');

  const subtree = db.$client.prepare<{ userId: number }, { id: number }>(
    `WITH RECURSIVE sub(id) AS (
       SELECT unit_id FROM supervisor_units WHERE user_id = @userId
       UNION
       SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id
     ) SELECT id FROM sub ORDER BY id`,
  );

  function publicUser(u: User): PublicUser {
    const { passwordHash: _omit, ...rest } = u;
    return { ...rest, unitIds: unitIdsOf.all(u.id).map((r) => r.unit_id) };
  }

  function checkLinks(orgId: number, role: Role, unitIds: number[], employeeId: number | null | undefined) {
    if (role === 'staff') {
      if (employeeId == null) throw new UserInputError('employeeId', 'a staff user is linked to exactly one employee');
      const emp = db.select().from(employees).where(and(eq(employees.id, employeeId), eq(employees.orgId, orgId))).get();
      if (!emp) throw new UserInputError('employeeId', 'is not an employee of this organization');
    } else if (employeeId != null) {
      throw new UserInputError('employeeId', 'only staff users are linked to an employee');
    }
    if (role === 'supervisor') {
      if (unitIds.length === 0) throw new UserInputError('unitIds', 'a supervisor needs at least one unit');
      for (const id of unitIds) {
        const unit = db.select().from(units).where(and(eq(units.id, id), eq(units.orgId, orgId))).get();
        if (!unit) throw new UserInputError('unitIds', `unit ${id} is not in this organization`);
      }
    } else if (unitIds.length) {
      throw new UserInputError('unitIds', 'only supervisors have units');
    }
  }

  return {
    async create(
      orgId: number,
      input: { email: string; passwordHash: string; role: Role; employeeId?: number | null; unitIds?: number[] },
      audit?: { actor: Actor; at: Date },
    ): Promise<PublicUser> {
      const email = input.email.trim().toLowerCase();
      const unitIds = [...new Set(input.unitIds ?? [])];
      checkLinks(orgId, input.role, unitIds, input.employeeId);
      const existing = db.select().from(users).where(and(eq(users.orgId, orgId), eq(users.email, email))).get();
      if (existing) throw new UserInputError('email', 'a user with this e-mail exists already');
      return db.transaction((tx) => {
        const user = tx
          .insert(users)
          .values({ orgId, email, passwordHash: input.passwordHash, role: input.role, employeeId: input.employeeId ?? null })
          .returning()
          .get();
        for (const unitId of unitIds) tx.insert(supervisorUnits).values({ userId: user.id, unitId }).run();
        const out = publicUser(user);
        if (audit) recordAudit(tx, audit.actor, { action: 'user.create', entity: 'user', entityId: user.id, after: out, at: audit.at });
        return out;
      });
    },

    async findByEmail(orgId: number, email: string): Promise<User | undefined> {
      return db
        .select()
        .from(users)
        .where(and(eq(users.orgId, orgId), eq(users.email, email.trim().toLowerCase())))
        .get();
    },

    /** The active user with this id, with the full set of units a supervisor may see. */
    async getActive(id: number): Promise<(User & { scopeUnitIds: number[] }) | undefined> {
      const u = db.select().from(users).where(and(eq(users.id, id), eq(users.active, true))).get();
      if (!u) return undefined;
      return { ...u, scopeUnitIds: u.role === 'supervisor' ? subtree.all({ userId: u.id }).map((r) => r.id) : [] };
    },

    async get(orgId: number, id: number): Promise<PublicUser | undefined> {
      const u = db.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, id))).get();
      return u ? publicUser(u) : undefined;
    },

    async list(orgId: number): Promise<PublicUser[]> {
      return db.select().from(users).where(eq(users.orgId, orgId)).orderBy(users.id).all().map(publicUser);
    },

    async setPassword(orgId: number, id: number, passwordHash: string, audit: { actor: Actor; at: Date }): Promise<boolean> {
      return db.transaction((tx) => {
        const res = tx.update(users).set({ passwordHash }).where(and(eq(users.orgId, orgId), eq(users.id, id))).run();
        if (res.changes === 0) return false;
        // A reset ends every session of that user.
        tx.update(refreshTokens).set({ revokedAt: audit.at }).where(and(eq(refreshTokens.userId, id), isNull(refreshTokens.revokedAt))).run();
        recordAudit(tx, audit.actor, { action: 'user.reset_password', entity: 'user', entityId: id, at: audit.at });
        return true;
      });
    },

    /** Deactivates the user and revokes all their refresh tokens (access tokens stop at the next request). */
    async deactivate(orgId: number, id: number, audit: { actor: Actor; at: Date }): Promise<PublicUser | undefined> {
      return db.transaction((tx) => {
        const before = tx.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, id))).get();
        if (!before) return undefined;
        const after = tx.update(users).set({ active: false }).where(eq(users.id, id)).returning().get();
        tx.update(refreshTokens).set({ revokedAt: audit.at }).where(and(eq(refreshTokens.userId, id), isNull(refreshTokens.revokedAt))).run();
        recordAudit(tx, audit.actor, {
          action: 'user.deactivate',
          entity: 'user',
          entityId: id,
          before: { active: before.active },
          after: { active: after.active },
          at: audit.at,
        });
        return publicUser(after);
      });
    },

    async markFeedRead(userId: number, at: Date): Promise<void> {
      db.update(users).set({ feedReadAt: at }).where(eq(users.id, userId)).run();
    },

    // ── refresh tokens ──

    /** Issues a new refresh token (a new family unless one is given). Returns the opaque token. */
    async issueRefresh(userId: number, now: Date, family?: string): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      db.insert(refreshTokens)
        .values({
          userId,
          family: family ?? randomBytes(16).toString('base64url'),
          tokenHash: hashToken(token),
          expiresAt: new Date(now.getTime() + REFRESH_TTL_MS),
          createdAt: now,
        })
        .run();
      return token;
    },

    /**
     * Rotates a refresh token: the presented one is marked used and a new one of the same family
     * is returned. A token that was already rotated (or revoked) revokes its whole family.
     */
    async rotateRefresh(token: string, now: Date): Promise<{ userId: number; token: string } | { error: 'invalid' | 'reused' }> {
      return db.transaction(
        (tx) => {
          const row = tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hashToken(token))).get();
          if (!row) return { error: 'invalid' as const };
          if (row.rotatedAt || row.revokedAt) {
            tx.update(refreshTokens)
              .set({ revokedAt: now })
              .where(and(eq(refreshTokens.family, row.family), isNull(refreshTokens.revokedAt)))
              .run();
            return { error: 'reused' as const };
          }
          if (row.expiresAt.getTime() <= now.getTime()) return { error: 'invalid' as const };
          const user = tx.select().from(users).where(and(eq(users.id, row.userId), eq(users.active, true))).get();
          if (!user) return { error: 'invalid' as const };
          tx.update(refreshTokens).set({ rotatedAt: now }).where(eq(refreshTokens.id, row.id)).run();
          const next = randomBytes(32).toString('base64url');
          tx.insert(refreshTokens)
            .values({
              userId: row.userId,
              family: row.family,
              tokenHash: hashToken(next),
              expiresAt: new Date(now.getTime() + REFRESH_TTL_MS),
              createdAt: now,
            })
            .run();
          return { userId: row.userId, token: next };
        },
        { behavior: 'immediate' },
      );
    },

    /** Logout: revokes the token's family. */
    async revokeRefresh(token: string, now: Date): Promise<void> {
      const row = db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hashToken(token))).get();
      if (!row) return;
      db.update(refreshTokens)
        .set({ revokedAt: now })
        .where(and(eq(refreshTokens.family, row.family), isNull(refreshTokens.revokedAt)))
        .run();
    },
  };
}

export type UserStore = ReturnType<typeof userStore>;
