import * as v from 'valibot';
import { ROLES } from '../../db/schema.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.ts';

export const LoginSchema = v.strictObject(
  {
    org: v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'is required'), v.maxLength(64, 'is too long')),
    email: v.pipe(v.string('must be a string'), v.trim(), v.minLength(1, 'is required'), v.maxLength(254, 'is too long')),
    password: v.pipe(v.string('must be a string'), v.minLength(1, 'is required'), v.maxLength(MAX_PASSWORD_LENGTH, 'is too long')),
  },
  'is not a known field',
);

export const RefreshSchema = v.strictObject(
  { refreshToken: v.pipe(v.string('must be a string'), v.minLength(1, 'is required'), v.maxLength(200, 'is too long')) },
  'is not a known field',
);

export const TokensSchema = v.object({
  accessToken: v.string(),
  refreshToken: v.string(),
  expiresIn: v.number(),
  tokenType: v.literal('Bearer'),
});

export const password = v.pipe(
  v.string('must be a string'),
  v.minLength(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`),
  v.maxLength(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`),
);

export const CreateUserSchema = v.strictObject(
  {
    email: v.pipe(v.string('must be a string'), v.trim(), v.email('must be a valid e-mail address'), v.maxLength(254)),
    password,
    role: v.picklist(ROLES, `must be one of ${ROLES.join(', ')}`),
    employeeId: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    unitIds: v.optional(v.array(v.pipe(v.number(), v.integer(), v.minValue(1)))),
  },
  'is not a known field',
);

export const ResetPasswordSchema = v.strictObject({ password: v.optional(password) }, 'is not a known field');
