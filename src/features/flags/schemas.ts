import * as v from 'valibot';
import { FLAG_STATES } from '../../db/schema.ts';
import { isValidDay } from '../appraisal/calendar.ts';

const text = (max: number) => v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'is required'), v.maxLength(max, `must be at most ${max} characters`));

/** A lifecycle change. Coaching needs a note and a date; resolving a note; dismissing a reason. */
export const TransitionSchema = v.variant(
  'state',
  [
    v.strictObject({ state: v.literal('acknowledged') }, 'is not a known field'),
    v.strictObject(
      {
        state: v.literal('coaching_planned'),
        note: text(2000),
        date: v.pipe(v.string('must be a date YYYY-MM-DD'), v.check(isValidDay, 'must be a date YYYY-MM-DD')),
      },
      'is not a known field',
    ),
    v.strictObject({ state: v.literal('resolved'), note: text(2000) }, 'is not a known field'),
    v.strictObject({ state: v.literal('dismissed'), reason: text(2000) }, 'is not a known field'),
  ],
  'must be acknowledged, coaching_planned, resolved or dismissed',
);

export type Transition = v.InferOutput<typeof TransitionSchema>;

export const FlagsQuerySchema = v.object({
  state: v.optional(v.picklist(FLAG_STATES, `must be one of ${FLAG_STATES.join(', ')}`)),
});

export const FlagRuleSchema = v.strictObject(
  {
    windowDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)),
    minNegatives: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000)),
    minDistinctDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)),
    minProbability: v.pipe(v.number(), v.gtValue(0), v.ltValue(1)),
  },
  'is not a known field',
);
