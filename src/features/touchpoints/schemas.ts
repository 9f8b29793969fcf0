import * as v from 'valibot';

const id = v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(1, 'must be positive'));

export const CreateTouchpointSchema = v.strictObject(
  {
    name: v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'is required'), v.maxLength(100, 'must be at most 100 characters')),
    unitId: id,
    templateId: id,
    employeeId: v.optional(v.nullable(id)),
  },
  'is not a known field',
);

export const TouchpointSchema = v.object({
  id: v.number(),
  name: v.string(),
  code: v.string(),
  url: v.string(),
  active: v.boolean(),
  unitId: v.number(),
  unitName: v.string(),
  employeeId: v.nullable(v.number()),
  employeeName: v.nullable(v.string()),
});

export const TouchpointListSchema = v.object({ items: v.array(TouchpointSchema) });

export const RotatedSchema = v.object({ code: v.string(), url: v.string(), previousCode: v.string(), previousCodeExpiresAt: v.string() });
