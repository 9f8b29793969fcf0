/**
 * Stores comment cards and praise letters. Each submission, its contact details (only with
 * consent) and its idempotency record are written in one synchronous transaction.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  cardContacts,
  commentCards,
  idempotencyKeys,
  praiseLetters,
  type About,
  type Channel,
  type Locale,
} from '../../db/schema.ts';
import { errors } from '../../lib/errors.ts';
import { cardDelta, praiseDelta } from '../appraisal/rollup.ts';
import { rollupWriter } from '../appraisal/rollup-store.ts';
import { outboxWriter } from '../notifications/outbox.ts';

export interface Idempotency {
  scope: string;
  key: string;
  requestHash: string;
}

export interface NewCard {
  orgId: number;
  touchpointId: number;
  unitId: number;
  employeeId: number | null;
  templateId: number;
  overall: number;
  ratings: Record<string, number>;
  about: About | null;
  hadProblem: boolean | null;
  problemResolved: boolean | null;
  comment: string | null;
  locale: Locale;
  channel: Channel;
  contact: { email: string | null; phone: string | null } | null;
  createdAt: Date;
  /** The organization's time zone: the rollups count the card on its local day. */
  timeZone: string;
  /** `held` (by moderation): stored, but counted nowhere until published. */
  status: 'published' | 'held';
}

export interface NewPraise {
  orgId: number;
  touchpointId: number;
  unitId: number;
  employeeId: number;
  body: string;
  signature: string | null;
  publish: boolean;
  locale: Locale;
  channel: Channel;
  createdAt: Date;
  timeZone: string;
  status: 'published' | 'held';
}

export interface Created {
  id: number;
  status: number;
  /** True when an earlier submission with the same idempotency key was answered instead. */
  replayed: boolean;
}

export type CommentCard = typeof commentCards.$inferSelect;
export type PraiseLetter = typeof praiseLetters.$inferSelect;

export function feedbackStore(db: Db) {
  const rollups = rollupWriter(db);
  const outbox = outboxWriter(db);

  /** What a published card adds: its rollups. Synchronous, inside the caller's transaction. */
  function applyCard(card: Omit<NewCard, 'contact' | 'timeZone'>, timeZone: string) {
    const delta = cardDelta(card);
    rollups.apply(card.orgId, card.createdAt, timeZone, { employeeId: card.employeeId, employee: delta.employee, unitId: card.unitId, unit: delta.unit });
  }

  /** What a published letter adds: rollups, and its forwarding (webhooks, e-mail to the employee). */
  function applyPraise(letter: Omit<NewPraise, 'timeZone'> & { id: number }, timeZone: string) {
    rollups.apply(letter.orgId, letter.createdAt, timeZone, { employeeId: letter.employeeId, employee: praiseDelta(), unitId: null, unit: null });
    outbox.praiseReceived(
      letter.orgId,
      letter.employeeId,
      {
        type: 'praise.received',
        letterId: letter.id,
        employeeId: letter.employeeId,
        touchpointId: letter.touchpointId,
        body: letter.body,
        signature: letter.signature,
        locale: letter.locale,
        createdAt: letter.createdAt.toISOString(),
      },
      letter.createdAt,
    );
  }

  const heldCard = db.$client.prepare<[number, number], { status: string }>('SELECT status FROM comment_cards WHERE id = ? AND org_id = ?');
  const heldPraise = db.$client.prepare<[number, number], { status: string }>('SELECT status FROM praise_letters WHERE id = ? AND org_id = ?');
  const findKey = db
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.scope, sql.placeholder('scope')),
        eq(idempotencyKeys.key, sql.placeholder('key')),
      ),
    )
    .prepare();

  function replay(idem: Idempotency | undefined): Created | undefined {
    if (!idem) return undefined;
    const row = findKey.get({ scope: idem.scope, key: idem.key });
    if (!row) return undefined;
    if (row.requestHash !== idem.requestHash) throw errors.idempotencyConflict();
    return { id: row.resourceId, status: row.status, replayed: true };
  }

  /** Runs `write` once per idempotency key, inside one immediate transaction. */
  function once(orgId: number, idem: Idempotency | undefined, createdAt: Date, write: (tx: Tx) => number): Created {
    return db.transaction(
      (tx) => {
        const earlier = replay(idem);
        if (earlier) return earlier;
        const id = write(tx);
        if (idem) {
          tx.insert(idempotencyKeys)
            .values({ ...idem, orgId, status: 201, resourceId: id, createdAt })
            .run();
        }
        return { id, status: 201, replayed: false };
      },
      { behavior: 'immediate' },
    );
  }

  return {
    /** An earlier answer for this idempotency key, if any (throws 422 if the body differs). */
    async findReplay(idem: Idempotency | undefined): Promise<Created | undefined> {
      return replay(idem);
    },

    async insertCard(card: NewCard, idem?: Idempotency): Promise<Created> {
      return once(card.orgId, idem, card.createdAt, (tx) => {
        const { contact, timeZone, ...row } = card;
        const inserted = tx.insert(commentCards).values(row).returning({ id: commentCards.id }).get();
        // Appraisal rollups, in the same transaction: reads never scan cards. Held cards count nowhere.
        if (card.status === 'published') applyCard(card, timeZone);
        if (contact && (contact.email || contact.phone)) {
          tx.insert(cardContacts)
            .values({ cardId: inserted.id, orgId: card.orgId, ...contact, consentedAt: card.createdAt })
            .run();
        }
        return inserted.id;
      });
    },

    async insertPraise(letter: NewPraise, idem?: Idempotency): Promise<Created> {
      return once(letter.orgId, idem, letter.createdAt, (tx) => {
        const { timeZone, ...row } = letter;
        const id = tx.insert(praiseLetters).values(row).returning({ id: praiseLetters.id }).get().id;
        if (letter.status === 'published') applyPraise({ ...row, id }, timeZone);
        return id;
      });
    },

    /**
     * A moderator's decision on a held card: published cards are counted from now on (rollups on
     * their own local day), rejected ones never. The decision and its audit entry are one transaction.
     */
    async decideCard(orgId: number, id: number, decision: 'publish' | 'reject', timeZone: string, audit: (tx: Tx) => void): Promise<CommentCard | 'not_held' | undefined> {
      return db.transaction((tx) => {
        const row = heldCard.get(id, orgId);
        if (!row) return undefined;
        if (row.status !== 'held') return 'not_held' as const;
        const card = tx.update(commentCards).set({ status: decision === 'publish' ? 'published' : 'rejected' }).where(eq(commentCards.id, id)).returning().get();
        if (decision === 'publish') applyCard({ ...card, about: card.about, ratings: card.ratings, status: 'published' }, timeZone);
        audit(tx);
        return card;
      });
    },

    async decidePraise(orgId: number, id: number, decision: 'publish' | 'reject', timeZone: string, audit: (tx: Tx) => void): Promise<PraiseLetter | 'not_held' | undefined> {
      return db.transaction((tx) => {
        const row = heldPraise.get(id, orgId);
        if (!row) return undefined;
        if (row.status !== 'held') return 'not_held' as const;
        const letter = tx.update(praiseLetters).set({ status: decision === 'publish' ? 'published' : 'rejected' }).where(eq(praiseLetters.id, id)).returning().get();
        if (decision === 'publish') applyPraise({ ...letter, status: 'published' }, timeZone);
        audit(tx);
        return letter;
      });
    },

    async getCard(orgId: number, id: number): Promise<CommentCard | undefined> {
      return db
        .select()
        .from(commentCards)
        .where(and(eq(commentCards.orgId, orgId), eq(commentCards.id, id)))
        .get();
    },

    async getPraise(orgId: number, id: number): Promise<PraiseLetter | undefined> {
      return db
        .select()
        .from(praiseLetters)
        .where(and(eq(praiseLetters.orgId, orgId), eq(praiseLetters.id, id)))
        .get();
    },

    async countCards(orgId: number): Promise<number> {
      return db.select({ n: count() }).from(commentCards).where(eq(commentCards.orgId, orgId)).get()?.n ?? 0;
    },

    async countPraise(orgId: number): Promise<number> {
      return db.select({ n: count() }).from(praiseLetters).where(eq(praiseLetters.orgId, orgId)).get()?.n ?? 0;
    },
  };
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export type FeedbackStore = ReturnType<typeof feedbackStore>;
