/**
 * The valibot schemas of the administration API: request bodies and queries (validated by the
 * routes and the CSV import alike) and the response shapes (for the OpenAPI document).
 */
import * as v from 'valibot';
import { ROLES, UNIT_KINDS } from '../../db/schema.ts';
import { DIMENSION_KEY } from '../templates/store.ts';

export const UNIT_NAME_MAX = 100;
export const EMPLOYEE_NO_MAX = 32;
export const DISPLAY_NAME_MAX = 50;
export const FULL_NAME_MAX = 100;
export const TEMPLATE_NAME_MAX = 100;
export const DIMENSIONS_MAX = 20;
export const LABEL_MAX = 60;
export const AUDIT_LIMIT_DEFAULT = 50;
export const AUDIT_LIMIT_MAX = 200;

const NO_CONTROL = /^[^\u0000-\u001F\u007F]*$/;

/** A required one-line text: trimmed, NFC-normalized (macOS hands out NFD Hangul), no control characters. */
export const line = (max: number) =>
  v.pipe(
    v.string('must be a string'),
    v.trim(),
    v.normalize('NFC'),
    v.minLength(1, 'is required'),
    v.maxLength(max, `must be at most ${max} characters`),
    v.regex(NO_CONTROL, 'must not contain line breaks or control characters'),
  );

export const id = v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1, 'must be positive'));

export const employeeNo = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.normalize('NFC'),
  v.minLength(1, 'is required'),
  v.maxLength(EMPLOYEE_NO_MAX, `must be at most ${EMPLOYEE_NO_MAX} characters`),
  v.regex(/^[^\s\u0000-\u001F\u007F]+$/, 'must not contain spaces or control characters'),
);
export const displayName = line(DISPLAY_NAME_MAX);
export const fullName = line(FULL_NAME_MAX);

const unknownField = 'is not a known field';

// ───────────────────────────── units ─────────────────────────────

export const CreateUnitSchema = v.strictObject(
  {
    name: line(UNIT_NAME_MAX),
    kind: v.picklist(UNIT_KINDS, `must be one of ${UNIT_KINDS.join(', ')}`),
    parentId: v.optional(v.nullable(id)),
  },
  unknownField,
);

export const UpdateUnitSchema = v.strictObject(
  {
    name: v.optional(line(UNIT_NAME_MAX)),
    /** null: make it a root unit. */
    parentId: v.optional(v.nullable(id)),
  },
  unknownField,
);

export const UnitSchema = v.object({ id: v.number(), name: v.string(), kind: v.picklist(UNIT_KINDS), parentId: v.nullable(v.number()) });
export const UnitListSchema = v.object({ items: v.array(UnitSchema) });

// ───────────────────────────── employees ─────────────────────────────

export const CreateEmployeeSchema = v.strictObject({ employeeNo, displayName, fullName, unitId: id }, unknownField);

export const UpdateEmployeeSchema = v.strictObject(
  {
    displayName: v.optional(displayName),
    fullName: v.optional(fullName),
    unitId: v.optional(id),
    active: v.optional(v.boolean('must be true or false')),
  },
  unknownField,
);

const queryId = v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,15}$/, 'must be a positive whole number'), v.transform(Number));
const queryBool = v.pipe(
  v.picklist(['true', 'false'], 'must be true or false'),
  v.transform((s) => s === 'true'),
);

export const EmployeeQuerySchema = v.object({
  /** A unit id: employees of that unit and every unit below it. */
  unit: v.optional(queryId),
  active: v.optional(queryBool),
});

export const EmployeeSchema = v.object({
  id: v.number(),
  employeeNo: v.string(),
  displayName: v.string(),
  fullName: v.string(),
  unitId: v.number(),
  active: v.boolean(),
});
export const EmployeeListSchema = v.object({ items: v.array(EmployeeSchema) });

export const IMPORT_STATUSES = ['created', 'updated', 'unchanged', 'rejected'] as const;

export const ImportReportSchema = v.object({
  created: v.number(),
  updated: v.number(),
  unchanged: v.number(),
  rejected: v.number(),
  rows: v.array(
    v.object({
      /** The line of the file where the record starts (the header is line 1). */
      line: v.number(),
      employeeNo: v.nullable(v.string()),
      status: v.picklist(IMPORT_STATUSES),
      /** The employee's id (not for rejected rows). */
      employeeId: v.optional(v.number()),
      errors: v.optional(v.array(v.object({ field: v.string(), message: v.string() }))),
    }),
  ),
});

// ───────────────────────────── templates ─────────────────────────────

const label = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.normalize('NFC'),
  v.minLength(1, 'is required'),
  v.maxLength(LABEL_MAX, `must be at most ${LABEL_MAX} characters`),
  v.regex(NO_CONTROL, 'must not contain line breaks or control characters'),
);

const DimensionSchema = v.strictObject(
  {
    key: v.pipe(v.string('must be a string'), v.regex(DIMENSION_KEY, 'must be a lower-case letter then up to 31 of a-z, 0-9 and _')),
    label: v.strictObject({ ko: label, en: label }, unknownField),
  },
  unknownField,
);

export const CreateTemplateSchema = v.pipe(
  v.strictObject(
    {
      name: line(TEMPLATE_NAME_MAX),
      dimensions: v.pipe(v.array(DimensionSchema, 'must be a list'), v.maxLength(DIMENSIONS_MAX, `must have at most ${DIMENSIONS_MAX} dimensions`)),
    },
    unknownField,
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const seen = new Set<string>();
    dataset.value.dimensions.forEach((d, i) => {
      if (seen.has(d.key)) {
        addIssue({
          message: `duplicates the key "${d.key}"`,
          path: [
            { type: 'object', origin: 'value', input: dataset.value, key: 'dimensions', value: dataset.value.dimensions },
            { type: 'array', origin: 'value', input: dataset.value.dimensions, key: i, value: d },
            { type: 'object', origin: 'value', input: d, key: 'key', value: d.key },
          ],
        });
      }
      seen.add(d.key);
    });
  }),
);

export const TemplateSchema = v.object({
  id: v.number(),
  name: v.string(),
  version: v.number(),
  dimensions: v.array(v.object({ key: v.string(), label: v.object({ ko: v.string(), en: v.string() }) })),
  inUse: v.boolean(),
  createdAt: v.string(),
});
export const TemplateListSchema = v.object({ items: v.array(TemplateSchema) });

// ───────────────────────────── users ─────────────────────────────

export const UserSchema = v.object({
  id: v.number(),
  email: v.string(),
  role: v.picklist(ROLES),
  employeeId: v.nullable(v.number()),
  unitIds: v.array(v.number()),
  active: v.boolean(),
  createdAt: v.string(),
});
export const UserListSchema = v.object({ items: v.array(UserSchema) });
export const PasswordSchema = v.object({ password: v.string() });

// ───────────────────────────── audit ─────────────────────────────

export const AuditQuerySchema = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,4}$/, 'must be a whole number'),
      v.transform(Number),
      v.minValue(1, `must be from 1 to ${AUDIT_LIMIT_MAX}`),
      v.maxValue(AUDIT_LIMIT_MAX, `must be from 1 to ${AUDIT_LIMIT_MAX}`),
    ),
  ),
  /** The `nextCursor` of the previous page. */
  before: v.optional(queryId),
});

export const AuditEntrySchema = v.object({
  id: v.number(),
  actorUserId: v.nullable(v.number()),
  action: v.string(),
  entity: v.string(),
  entityId: v.nullable(v.string()),
  before: v.unknown(),
  after: v.unknown(),
  createdAt: v.string(),
});
export const AuditListSchema = v.object({ items: v.array(AuditEntrySchema), nextCursor: v.nullable(v.number()) });
