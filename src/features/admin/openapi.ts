import { CreateUserSchema, ResetPasswordSchema } from '../auth/schemas.ts';
import type { Operation } from '../openapi/spec.ts';
import { KNOWN_COLUMNS, MAX_IMPORT_ROWS } from './csv-import.ts';
import {
  AUDIT_LIMIT_DEFAULT,
  AUDIT_LIMIT_MAX,
  AuditListSchema,
  CreateEmployeeSchema,
  CreateTemplateSchema,
  CreateUnitSchema,
  EmployeeListSchema,
  EmployeeSchema,
  ImportReportSchema,
  PasswordSchema,
  TemplateListSchema,
  TemplateSchema,
  UnitListSchema,
  UnitSchema,
  UpdateEmployeeSchema,
  UpdateUnitSchema,
  UserListSchema,
  UserSchema,
} from './schemas.ts';

const idOf = (what: string) => ({ name: 'id', in: 'path' as const, description: `${what} id` });
const auth = { '401': { description: 'Not signed in (`unauthorized`)' }, '403': { description: 'Role not allowed (`forbidden`)' } };
const scoped = { ...auth, '404': { description: 'Not in your organization or your units (`not_found`)' } };
const body = {
  '400': { description: 'Invalid body (`invalid_body` with `issues`) or malformed JSON (`malformed_json`)' },
  '413': { description: 'Body larger than 16 KiB (`payload_too_large`)' },
  '415': { description: 'Content-Type is not application/json (`unsupported_media_type`)' },
};

export const adminOperations: Operation[] = [
  // ── units ──
  {
    method: 'get',
    path: '/api/v1/units',
    summary: 'List units (admin: all; supervisor: their units and those below)',
    tags: ['admin'],
    responses: { '200': { description: 'Units', schema: UnitListSchema }, ...auth },
  },
  {
    method: 'post',
    path: '/api/v1/units',
    summary: 'Create a unit (admin)',
    description: 'Units form a tree: property → department → team. `parentId` must be a unit of the organization.',
    tags: ['admin'],
    body: CreateUnitSchema,
    responses: { '201': { description: 'Created', schema: UnitSchema }, ...body, ...auth },
  },
  {
    method: 'patch',
    path: '/api/v1/units/{id}',
    summary: 'Rename or move a unit (admin)',
    description: '`parentId: null` makes the unit a root. A parent that is the unit itself or below it would make a cycle: 400 on `parentId`.',
    tags: ['admin'],
    params: [idOf('Unit')],
    body: UpdateUnitSchema,
    responses: { '200': { description: 'The unit after the change', schema: UnitSchema }, ...body, ...scoped },
  },

  // ── employees ──
  {
    method: 'get',
    path: '/api/v1/employees',
    summary: 'List employees (admin: all; supervisor: their units)',
    tags: ['admin'],
    params: [
      { name: 'unit', in: 'query', description: 'A unit id: employees of that unit and every unit below it (404 when not in your scope).' },
      { name: 'active', in: 'query', description: '`true` or `false`.' },
    ],
    responses: { '200': { description: 'Employees', schema: EmployeeListSchema }, '400': { description: 'Invalid query (`invalid_query`)' }, ...scoped },
  },
  {
    method: 'get',
    path: '/api/v1/employees/{id}',
    summary: 'One employee',
    tags: ['admin'],
    params: [idOf('Employee')],
    responses: { '200': { description: 'The employee', schema: EmployeeSchema }, ...scoped },
  },
  {
    method: 'post',
    path: '/api/v1/employees',
    summary: 'Create an employee (admin)',
    tags: ['admin'],
    body: CreateEmployeeSchema,
    responses: {
      '201': { description: 'Created', schema: EmployeeSchema },
      ...body,
      '409': { description: 'The employee number is in use in the organization (`conflict`, issue on `employeeNo`)' },
      ...auth,
    },
  },
  {
    method: 'patch',
    path: '/api/v1/employees/{id}',
    summary: 'Change an employee (admin)',
    tags: ['admin'],
    params: [idOf('Employee')],
    body: UpdateEmployeeSchema,
    responses: { '200': { description: 'The employee after the change', schema: EmployeeSchema }, ...body, ...scoped },
  },
  {
    method: 'post',
    path: '/api/v1/employees/{id}/deactivate',
    summary: 'Deactivate an employee (admin)',
    description: 'Customers can no longer pick them; their cards and letters stay.',
    tags: ['admin'],
    params: [idOf('Employee')],
    responses: { '200': { description: 'The employee', schema: EmployeeSchema }, ...scoped },
  },
  {
    method: 'post',
    path: '/api/v1/employees/import',
    summary: 'Import employees from CSV (admin)',
    description:
      'Request body: `text/csv` in UTF-8 (a BOM is fine), at most 1 MiB and ' +
      `${MAX_IMPORT_ROWS} employees. The header names the columns (${KNOWN_COLUMNS.join(', ')}): ` +
      '`employee_no`, `display_name`, `full_name` and exactly one of `unit_id` (unit id) or `unit` (unit name, case-insensitive, must name one unit); ' +
      '`active` (true/false, 1/0, yes/no; blank keeps the current value) is optional. ' +
      'Rows are upserted by `employee_no`. Bad rows (malformed CSV, wrong field count, invalid or too long values, unit not in the organization, ' +
      'an `employee_no` given twice in the file) are reported with their line and reasons and stored nothing, while the good rows are applied, ' +
      'all in one transaction with one audit entry per created or updated employee and an `employee.import` summary entry. ' +
      'A header problem answers 400 with `issues` on `header.<column>` and imports nothing.',
    tags: ['admin'],
    responses: {
      '200': { description: 'Per-row report', schema: ImportReportSchema },
      '400': { description: 'Not UTF-8, or a problem with the header (`invalid_body` with `issues`)' },
      '413': { description: 'Body larger than 1 MiB (`payload_too_large`)' },
      '415': { description: 'Content-Type is not text/csv (UTF-8) (`unsupported_media_type`)' },
      ...auth,
    },
  },

  // ── templates ──
  {
    method: 'get',
    path: '/api/v1/templates',
    summary: 'List every version of every card template (admin, supervisor)',
    tags: ['admin'],
    responses: { '200': { description: 'Template versions', schema: TemplateListSchema }, ...auth },
  },
  {
    method: 'post',
    path: '/api/v1/templates',
    summary: 'Create the next version of a card template (admin)',
    description: 'Versions are immutable once a card uses them, so there is no PATCH: a change is a new version. Dimension keys are unique, lower-case `[a-z][a-z0-9_]{0,31}`.',
    tags: ['admin'],
    body: CreateTemplateSchema,
    responses: { '201': { description: 'The new version', schema: TemplateSchema }, ...body, ...auth },
  },

  // ── users ──
  {
    method: 'get',
    path: '/api/v1/users',
    summary: 'List users (admin); never their password hashes',
    tags: ['admin'],
    responses: { '200': { description: 'Users', schema: UserListSchema }, ...auth },
  },
  {
    method: 'post',
    path: '/api/v1/users',
    summary: 'Create a user (admin)',
    description: 'A staff user is linked to exactly one employee (`employeeId`); a supervisor has at least one unit (`unitIds`).',
    tags: ['admin'],
    body: CreateUserSchema,
    responses: { '201': { description: 'Created', schema: UserSchema }, ...body, ...auth },
  },
  {
    method: 'post',
    path: '/api/v1/users/{id}/reset-password',
    summary: 'Reset a user’s password (admin)',
    description: 'Without `password` (or without a body) one is generated. The answer is the only time a password is shown. Every session of the user ends.',
    tags: ['admin'],
    params: [idOf('User')],
    body: ResetPasswordSchema,
    responses: { '200': { description: 'The new password', schema: PasswordSchema }, ...body, ...scoped },
  },
  {
    method: 'post',
    path: '/api/v1/users/{id}/deactivate',
    summary: 'Deactivate a user (admin)',
    description: 'Their refresh tokens are revoked and their access tokens are refused at the next request. An admin cannot deactivate themselves (409 `conflict`).',
    tags: ['admin'],
    params: [idOf('User')],
    responses: { '200': { description: 'The user', schema: UserSchema }, '409': { description: 'Your own account (`conflict`)' }, ...scoped },
  },

  // ── audit ──
  {
    method: 'get',
    path: '/api/v1/audit',
    summary: 'The audit log, newest first (admin)',
    description: 'Every write by an admin or supervisor, with the state before and after.',
    tags: ['admin'],
    params: [
      { name: 'limit', in: 'query', description: `Entries per page, 1–${AUDIT_LIMIT_MAX} (default ${AUDIT_LIMIT_DEFAULT}).` },
      { name: 'before', in: 'query', description: 'The `nextCursor` of the previous page.' },
    ],
    responses: { '200': { description: 'A page of entries', schema: AuditListSchema }, '400': { description: 'Invalid query (`invalid_query`)' }, ...auth },
  },
];
