/**
 * The mirrorcard data model. Every row belongs to an organization (`org_id`), so every
 * store query can — and must — be scoped to the caller's organization.
 *
 * Times are stored as UTC epoch milliseconds (`integer` with mode `timestamp_ms`).
 */
import { sql } from 'drizzle-orm';
import {
  sqliteTable,
  integer,
  text,
  index,
  uniqueIndex,
  primaryKey,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** The owning organization: every tenant row has one. */
const orgId = () =>
  integer('org_id')
    .notNull()
    .references(() => organizations.id);

export const organizations = sqliteTable('organizations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  /** IANA time zone, e.g. Asia/Seoul: periods and "days" are computed in it. */
  timeZone: text('time_zone').notNull(),
  defaultLocale: text('default_locale', { enum: ['ko', 'en'] }).notNull(),
  /** Bumped by triggers on every change to the organization's units or employees (see migration 0006). */
  rosterVersion: integer('roster_version').notNull().default(0),
  createdAt: createdAt(),
});

export const UNIT_KINDS = ['property', 'department', 'team'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Units form a tree per organization: property → department → team. */
export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => units.id),
    kind: text('kind', { enum: UNIT_KINDS }).notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('units_org_parent_idx').on(t.orgId, t.parentId)],
);

export const employees = sqliteTable(
  'employees',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    employeeNo: text('employee_no').notNull(),
    /** The name customers see (often a first name or a caddie number). */
    displayName: text('display_name').notNull(),
    fullName: text('full_name').notNull(),
    /** Where praise letters are forwarded (optional). */
    email: text('email'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('employees_org_no_uq').on(t.orgId, t.employeeNo),
    index('employees_org_unit_idx').on(t.orgId, t.unitId),
  ],
);

/**
 * A card template version. Versions are immutable once a card uses them (a trigger in the
 * migrations refuses the update); a change is a new version.
 */
export const cardTemplates = sqliteTable(
  'card_templates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    /** JSON: [{ key, label: { ko, en } }] */
    dimensions: text('dimensions', { mode: 'json' }).notNull().$type<TemplateDimension[]>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('card_templates_org_name_version_uq').on(t.orgId, t.name, t.version)],
);

export interface TemplateDimension {
  key: string;
  label: { ko: string; en: string };
}

export const touchpoints = sqliteTable(
  'touchpoints',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    /** Optional: a caddie's bib or a name badge is bound to one person. */
    employeeId: integer('employee_id').references(() => employees.id),
    templateId: integer('template_id')
      .notNull()
      .references(() => cardTemplates.id),
    name: text('name').notNull(),
    /** Public, unguessable code from a CSPRNG (≥128 bits, base64url). Never a sequential id. */
    code: text('code').notNull().unique(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('touchpoints_org_unit_idx').on(t.orgId, t.unitId)],
);

export const ABOUT_VALUES = ['person', 'process', 'both'] as const;
export type About = (typeof ABOUT_VALUES)[number];
export const LOCALES = ['ko', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const CHANNELS = ['web', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Moderation state; only `published` submissions reach feeds and numbers. */
export const SUBMISSION_STATUSES = ['published', 'held', 'rejected'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const commentCards = sqliteTable(
  'comment_cards',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    touchpointId: integer('touchpoint_id')
      .notNull()
      .references(() => touchpoints.id),
    /** The touchpoint's unit at submission time (process complaints count per unit). */
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    employeeId: integer('employee_id').references(() => employees.id),
    templateId: integer('template_id')
      .notNull()
      .references(() => cardTemplates.id),
    overall: integer('overall').notNull(),
    /** JSON: { [dimensionKey]: 1..5 } — only the dimensions the customer answered. */
    ratings: text('ratings', { mode: 'json' }).notNull().$type<Record<string, number>>(),
    about: text('about', { enum: ABOUT_VALUES }),
    hadProblem: integer('had_problem', { mode: 'boolean' }),
    problemResolved: integer('problem_resolved', { mode: 'boolean' }),
    comment: text('comment'),
    locale: text('locale', { enum: LOCALES }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    status: text('status', { enum: SUBMISSION_STATUSES }).notNull().default('published'),
    createdAt: createdAt(),
  },
  (t) => [
    index('comment_cards_org_employee_created_idx').on(t.orgId, t.employeeId, t.createdAt),
    index('comment_cards_org_created_idx').on(t.orgId, t.createdAt),
    index('comment_cards_touchpoint_idx').on(t.touchpointId),
  ],
);

/**
 * Customer contact details, kept apart from the card so that no feed or export query can
 * select them by accident. A row exists only when the customer gave explicit consent.
 */
export const cardContacts = sqliteTable('card_contacts', {
  cardId: integer('card_id')
    .primaryKey()
    .references(() => commentCards.id, { onDelete: 'cascade' }),
  orgId: integer('org_id')
    .notNull()
    .references(() => organizations.id),
  email: text('email'),
  phone: text('phone'),
  consentedAt: integer('consented_at', { mode: 'timestamp_ms' }).notNull(),
});

export const praiseLetters = sqliteTable(
  'praise_letters',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    touchpointId: integer('touchpoint_id')
      .notNull()
      .references(() => touchpoints.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id),
    body: text('body').notNull(),
    signature: text('signature'),
    /** The writer consents to the letter being shown inside the organization (praise wall). */
    publish: integer('publish', { mode: 'boolean' }).notNull().default(false),
    locale: text('locale', { enum: LOCALES }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    status: text('status', { enum: SUBMISSION_STATUSES }).notNull().default('published'),
    createdAt: createdAt(),
  },
  (t) => [
    index('praise_letters_org_employee_created_idx').on(t.orgId, t.employeeId, t.createdAt),
    index('praise_letters_org_created_idx').on(t.orgId, t.createdAt),
  ],
);

/**
 * Idempotency: a retried submission with the same key answers the stored response and
 * stores nothing new. `scope` names the endpoint and touchpoint, so keys never collide
 * across touchpoints; `requestHash` detects a key reused for a different body.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    orgId: orgId(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    resourceId: integer('resource_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

// ───────────────────────────── accounts ─────────────────────────────

export const ROLES = ['admin', 'supervisor', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A person who signs in: an admin (whole organization), a supervisor (a set of units and
 * everything below them) or a staff member (linked to exactly one employee).
 */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    /** Stored lower-cased. */
    email: text('email').notNull(),
    /** scrypt$N$r$p$salt$hash (base64url): never the password itself. */
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    employeeId: integer('employee_id').references(() => employees.id),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** Feed items created at or before this instant count as read. */
    feedReadAt: integer('feed_read_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_org_email_uq').on(t.orgId, t.email), index('users_employee_idx').on(t.employeeId)],
);

export const supervisorUnits = sqliteTable(
  'supervisor_units',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.unitId] })],
);

/**
 * Opaque refresh tokens, stored as SHA-256 hashes. Each use rotates the token; all tokens from
 * one login share a family, and presenting an already-rotated token revokes the whole family.
 */
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    family: text('family').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    rotatedAt: integer('rotated_at', { mode: 'timestamp_ms' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('refresh_tokens_family_idx').on(t.family), index('refresh_tokens_user_idx').on(t.userId)],
);

/** Every write by an admin or supervisor, recorded in the same transaction as the write. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_org_created_idx').on(t.orgId, t.createdAt)],
);

/**
 * Codes a touchpoint used before a rotation. They keep working until `expiresAt` (the grace
 * period), then answer 410 Gone.
 */
export const retiredTouchpointCodes = sqliteTable('retired_touchpoint_codes', {
  code: text('code').primaryKey(),
  touchpointId: integer('touchpoint_id')
    .notNull()
    .references(() => touchpoints.id),
  orgId: integer('org_id')
    .notNull()
    .references(() => organizations.id),
  retiredAt: integer('retired_at', { mode: 'timestamp_ms' }).notNull(),
  expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
});

// ───────────────────────────── appraisal rollups ─────────────────────────────

/**
 * Rollup grains, in the org's time zone: `d` a day (YYYY-MM-DD), `m` a month (YYYY-MM),
 * `q` a quarter (YYYY-Qn), `y` a year (YYYY).
 */
export const GRAINS = ['d', 'm', 'q', 'y'] as const;
export type Grain = (typeof GRAINS)[number];

/**
 * Per employee and day (and month, quarter, year) sums, maintained in the same transaction as
 * every submission, so appraisal reads never scan cards. A period is read as whole years,
 * quarters and months plus the days at its ends.
 */
export const employeeRollups = sqliteTable(
  'employee_rollups',
  {
    orgId: orgId(),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id),
    grain: text('grain', { enum: GRAINS }).notNull(),
    period: text('period').notNull(),
    cards: integer('cards').notNull().default(0),
    /** Cards about the person: about = person, both, or unanswered. */
    personCards: integer('person_cards').notNull().default(0),
    overallSum: integer('overall_sum').notNull().default(0),
    overallSqSum: integer('overall_sq_sum').notNull().default(0),
    /** Person cards with overall ≤ 2. */
    negatives: integer('negatives').notNull().default(0),
    /** Cards whose customer had a problem and says it was resolved. */
    recoveries: integer('recoveries').notNull().default(0),
    praise: integer('praise').notNull().default(0),
    /**
     * Per rating dimension, on person cards: JSON `{ "<key>": [n, sum] }`. In the row itself, so
     * a period is read as one row per employee.
     */
    dims: text('dims').notNull().default('{}'),
  },
  // Clustered by period (WITHOUT ROWID, see the migration): a quarter is one contiguous read.
  (t) => [primaryKey({ columns: [t.orgId, t.grain, t.period, t.employeeId] })],
);

/** Per unit and period: process-related cards (counted per unit, never per person). */
export const unitRollups = sqliteTable(
  'unit_rollups',
  {
    orgId: orgId(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    grain: text('grain', { enum: GRAINS }).notNull(),
    period: text('period').notNull(),
    cards: integer('cards').notNull().default(0),
    processCards: integer('process_cards').notNull().default(0),
    /** Process cards with overall ≤ 2. */
    processComplaints: integer('process_complaints').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.grain, t.period, t.unitId] })],
);

/**
 * A closed appraisal period for a unit: the export is frozen byte for byte, with its SHA-256.
 * Cards that arrive for the period after the close are reported as late, never folded in.
 */
export const appraisalSnapshots = sqliteTable(
  'appraisal_snapshots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    periodStart: text('period_start').notNull(),
    periodEnd: text('period_end').notNull(),
    csv: text('csv').notNull(),
    json: text('json').notNull(),
    sha256: text('sha256').notNull(),
    /** The newest card id when the period was closed: cards after it are late. */
    lastCardId: integer('last_card_id').notNull(),
    closedBy: integer('closed_by').references(() => users.id),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('appraisal_snapshots_unit_period_uq').on(t.unitId, t.periodStart, t.periodEnd)],
);

// ───────────────────────────── coaching flags ─────────────────────────────

export const FLAG_STATES = ['open', 'acknowledged', 'coaching_planned', 'resolved', 'dismissed'] as const;
export type FlagState = (typeof FLAG_STATES)[number];

/**
 * A coaching flag: raised when negative feedback about a person is persistent and credibly worse
 * than their unit's. Stores the rule it was raised under and its evidence. At most one flag per
 * employee is not yet resolved or dismissed (a partial unique index in the migration).
 */
export const flags = sqliteTable(
  'flags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    state: text('state', { enum: FLAG_STATES }).notNull().default('open'),
    /** JSON: the rule parameters in force when the flag was raised. */
    rule: text('rule', { mode: 'json' }).notNull(),
    /** JSON: card ids, counts, rates, probability, window. */
    evidence: text('evidence', { mode: 'json' }).notNull(),
    explanation: text('explanation').notNull(),
    previousFlagId: integer('previous_flag_id').references((): AnySQLiteColumn => flags.id),
    openedAt: integer('opened_at', { mode: 'timestamp_ms' }).notNull(),
    acknowledgedAt: integer('acknowledged_at', { mode: 'timestamp_ms' }),
    coachingDate: text('coaching_date'),
    coachingNote: text('coaching_note'),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    resolutionNote: text('resolution_note'),
    dismissReason: text('dismiss_reason'),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    index('flags_org_state_idx').on(t.orgId, t.state),
    index('flags_employee_idx').on(t.employeeId),
    uniqueIndex('flags_one_active_per_employee_uq')
      .on(t.employeeId)
      .where(sql`state IN ('open', 'acknowledged', 'coaching_planned')`),
  ],
);

/** Per-organization settings, e.g. the flag rule parameters (JSON; defaults when absent). */
export const orgSettings = sqliteTable('org_settings', {
  orgId: integer('org_id')
    .primaryKey()
    .references(() => organizations.id),
  flagRule: text('flag_rule', { mode: 'json' }),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

// ───────────────────────────── notifications ─────────────────────────────

export const OUTBOX_EVENTS = ['flag.opened', 'praise.received'] as const;
export type OutboxEvent = (typeof OUTBOX_EVENTS)[number];

/** Webhook endpoints of an organization, signed per the Standard Webhooks spec. */
export const webhooks = sqliteTable(
  'webhooks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    url: text('url').notNull(),
    /** `whsec_` + base64 key. */
    secret: text('secret').notNull(),
    /** JSON array of event names. */
    events: text('events', { mode: 'json' }).notNull().$type<OutboxEvent[]>(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('webhooks_org_idx').on(t.orgId)],
);

export const OUTBOX_STATUSES = ['pending', 'delivered', 'dead'] as const;

/**
 * The outbox: one row per (event, destination), written in the same transaction as the event,
 * delivered by the worker with retries and exponential backoff, dead-lettered after the limit.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orgId: orgId(),
    event: text('event', { enum: OUTBOX_EVENTS }).notNull(),
    channel: text('channel', { enum: ['webhook', 'email'] }).notNull(),
    /** Webhook id (channel webhook) or e-mail address (channel email). */
    target: text('target').notNull(),
    /** Stable id of the message (the Standard Webhooks `webhook-id`). */
    messageId: text('message_id').notNull().unique(),
    payload: text('payload', { mode: 'json' }).notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    deliveredAt: integer('delivered_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), index('outbox_org_status_idx').on(t.orgId, t.status)],
);
