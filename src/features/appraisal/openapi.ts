import type { Operation } from '../openapi/spec.ts';
import { AppraisalReportSchema, AppraisalRowSchema, ClosePeriodSchema } from './schemas.ts';

const q = (name: string, description: string) => ({ name, in: 'query' as const, description });
const period = [
  q('from', 'First local day (YYYY-MM-DD), with `to`'),
  q('to', 'Last local day (YYYY-MM-DD), with `from`'),
  q('preset', 'month | quarter | year around today, when from/to are not given (default quarter)'),
];
const scoped = { '400': { description: '`invalid_query`' }, '401': { description: 'Not signed in' }, '403': { description: 'Role not allowed' }, '404': { description: 'Not in your scope' } };

export const appraisalOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/appraisal',
    summary: 'Appraisal inputs per employee and period (supervisors: their units; admins: all)',
    description:
      'JSON, or `format=csv` (streamed; `bom=1` for Excel). For a closed period of a unit (`unit=`), the frozen export with `X-Snapshot-SHA256`, and late cards apart.',
    tags: ['appraisal'],
    params: [...period, q('unit', 'A unit id: that unit and every unit below it'), q('format', 'json | csv'), q('bom', '1: start the CSV with a UTF-8 byte order mark')],
    responses: { '200': { description: 'The report', schema: AppraisalReportSchema }, ...scoped },
  },
  {
    method: 'post',
    path: '/api/v1/appraisal/close',
    summary: 'Close a period for a unit: freeze its export with a SHA-256',
    tags: ['appraisal'],
    body: ClosePeriodSchema,
    responses: { '201': { description: 'Closed' }, '409': { description: 'Already closed' }, ...scoped },
  },
  {
    method: 'get',
    path: '/api/v1/employees/{id}/appraisal',
    summary: 'One employee’s appraisal inputs',
    tags: ['appraisal'],
    params: [{ name: 'id', in: 'path', description: 'Employee id' }, ...period],
    responses: { '200': { description: 'The row', schema: AppraisalRowSchema }, ...scoped },
  },
  {
    method: 'get',
    path: '/api/v1/me/appraisal',
    summary: 'My appraisal inputs (staff): exactly the numbers my supervisor sees',
    tags: ['appraisal'],
    params: period,
    responses: { '200': { description: 'The row', schema: AppraisalRowSchema }, ...scoped },
  },
];
