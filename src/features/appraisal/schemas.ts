import * as v from 'valibot';
import { isValidDay } from './calendar.ts';

const day = v.pipe(v.string(), v.check(isValidDay, 'must be a date YYYY-MM-DD'));
const idString = v.pipe(v.string(), v.regex(/^[1-9]\d{0,15}$/, 'must be a positive id'), v.transform(Number));

/** Query of the appraisal endpoints. Dates are local days in the organization's time zone. */
export const AppraisalQuerySchema = v.pipe(
  v.object({
    from: v.optional(day),
    to: v.optional(day),
    preset: v.optional(v.picklist(['month', 'quarter', 'year'], 'must be month, quarter or year')),
    unit: v.optional(idString),
    format: v.optional(v.picklist(['json', 'csv'], 'must be json or csv'), 'json'),
    bom: v.optional(v.picklist(['0', '1'], 'must be 0 or 1'), '0'),
  }),
  v.forward(
    v.check((q) => (q.from === undefined) === (q.to === undefined), 'give both from and to, or neither'),
    ['to'],
  ),
  v.forward(
    v.check((q) => q.from === undefined || q.to === undefined || q.from <= q.to, 'must not be before from'),
    ['to'],
  ),
  v.forward(
    v.check(
      (q) => q.from === undefined || q.to === undefined || Date.parse(q.to) - Date.parse(q.from) <= 3 * 366 * 86_400_000,
      'the period may be at most three years',
    ),
    ['to'],
  ),
);

export type AppraisalQuery = v.InferOutput<typeof AppraisalQuerySchema>;

export const ClosePeriodSchema = v.strictObject(
  {
    unit: v.pipe(v.number(), v.integer(), v.minValue(1)),
    from: day,
    to: day,
  },
  'is not a known field',
);

export const AppraisalRowSchema = v.object({
  employeeId: v.number(),
  employeeNo: v.string(),
  employeeName: v.string(),
  unitId: v.number(),
  unit: v.string(),
  cards: v.number(),
  personCards: v.number(),
  praiseLetters: v.number(),
  overallMean: v.nullable(v.number()),
  overallAdjusted: v.nullable(v.number()),
  overallCiLow: v.nullable(v.number()),
  overallCiHigh: v.nullable(v.number()),
  percentileInUnit: v.nullable(v.number()),
  negativeRate: v.nullable(v.number()),
  recoveries: v.number(),
  openFlags: v.number(),
  insufficientData: v.boolean(),
  dimensionMeans: v.record(v.string(), v.nullable(v.number())),
});

export const AppraisalReportSchema = v.object({
  period: v.object({ from: v.string(), to: v.string() }),
  previousPeriod: v.object({ from: v.string(), to: v.string() }),
  items: v.array(AppraisalRowSchema),
});
