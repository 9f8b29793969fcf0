/**
 * The valibot schemas of the customer's submissions. The JSON API, the HTML forms and the
 * OpenAPI document all use these same schemas.
 */
import * as v from 'valibot';
import { ABOUT_VALUES, LOCALES } from '../../db/schema.ts';

export const COMMENT_MAX = 2000;
export const PRAISE_BODY_MAX = 4000;
export const SIGNATURE_MAX = 100;

const rating = v.pipe(
  v.number('must be a number'),
  v.integer('must be a whole number from 1 to 5'),
  v.minValue(1, 'must be from 1 to 5'),
  v.maxValue(5, 'must be from 1 to 5'),
);

const id = v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1, 'must be positive'));

/** Strings: control characters other than tab and newlines are removed; ends trimmed. */
const cleanText = v.transform((s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim());

const email = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.maxLength(254, 'is too long'),
  v.email('must be a valid e-mail address'),
);
const phone = v.pipe(
  v.string('must be a string'),
  v.trim(),
  v.regex(/^\+?[0-9][0-9 ().-]{5,22}[0-9]$/, 'must be a valid phone number'),
);

export const CardInputSchema = v.pipe(
  v.strictObject(
    {
      overall: rating,
      ratings: v.optional(
        v.record(
          v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,31}$/, 'is not a dimension key')),
          rating,
        ),
      ),
      about: v.optional(v.picklist(ABOUT_VALUES, `must be one of ${ABOUT_VALUES.join(', ')}`)),
      problem: v.optional(
        v.pipe(
          v.strictObject({
            had: v.boolean('must be true or false'),
            resolved: v.optional(v.boolean('must be true or false')),
          }),
          v.forward(
            v.check((p) => p.had || p.resolved === undefined, 'can only be given when a problem was had'),
            ['resolved'],
          ),
        ),
      ),
      comment: v.optional(
        v.pipe(v.string('must be a string'), cleanText, v.maxLength(COMMENT_MAX, `must be at most ${COMMENT_MAX} characters`)),
      ),
      employeeId: v.optional(id),
      locale: v.optional(v.picklist(LOCALES, `must be one of ${LOCALES.join(', ')}`)),
      contact: v.optional(
        v.pipe(
          v.strictObject({
            email: v.optional(email),
            phone: v.optional(phone),
            consent: v.boolean('must be true or false'),
          }),
          v.check(
            (c) => !c.consent || c.email !== undefined || c.phone !== undefined,
            'give an e-mail address or a phone number together with consent',
          ),
        ),
      ),
    },
    'is not a known field',
  ),
);

export type CardInput = v.InferOutput<typeof CardInputSchema>;

export const PraiseInputSchema = v.strictObject(
  {
    body: v.pipe(
      v.string('must be a string'),
      cleanText,
      v.minLength(1, 'must not be empty'),
      v.maxLength(PRAISE_BODY_MAX, `must be at most ${PRAISE_BODY_MAX} characters`),
    ),
    employeeId: v.optional(id),
    signature: v.optional(
      v.pipe(v.string('must be a string'), cleanText, v.maxLength(SIGNATURE_MAX, `must be at most ${SIGNATURE_MAX} characters`)),
    ),
    publish: v.optional(v.boolean('must be true or false')),
    locale: v.optional(v.picklist(LOCALES, `must be one of ${LOCALES.join(', ')}`)),
  },
  'is not a known field',
);

export type PraiseInput = v.InferOutput<typeof PraiseInputSchema>;

export const CreatedSchema = v.object({ id: v.number() });
