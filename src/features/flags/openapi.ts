import * as v from 'valibot';
import type { Operation } from '../openapi/spec.ts';
import { FlagRuleSchema, TransitionSchema } from './schemas.ts';

const id = { name: 'id', in: 'path' as const, description: 'Flag id' };
const scoped = { '401': { description: 'Not signed in' }, '403': { description: 'Role not allowed' }, '404': { description: 'Not in your scope' } };
const FlagSchema = v.object({ id: v.number(), employeeId: v.number(), state: v.string(), explanation: v.string(), evidence: v.record(v.string(), v.unknown()), openedAt: v.string() });

export const flagOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/flags',
    summary: 'Coaching flags in your scope',
    tags: ['flags'],
    params: [{ name: 'state', in: 'query', description: 'open | acknowledged | coaching_planned | resolved | dismissed' }],
    responses: { '200': { description: 'Flags', schema: v.object({ items: v.array(FlagSchema) }) }, '400': { description: '`invalid_query`' }, ...scoped },
  },
  { method: 'get', path: '/api/v1/flags/{id}', summary: 'One flag with its evidence', tags: ['flags'], params: [id], responses: { '200': { description: 'The flag', schema: FlagSchema }, ...scoped } },
  {
    method: 'patch',
    path: '/api/v1/flags/{id}',
    summary: 'Move a flag along its lifecycle',
    description: 'open → acknowledged → coaching_planned (note and date) → resolved (note); dismissed (reason) from any active state. Anything else: 409 `invalid_transition`. Audited.',
    tags: ['flags'],
    params: [id],
    body: TransitionSchema,
    responses: { '200': { description: 'The flag', schema: FlagSchema }, '400': { description: 'Invalid body' }, '409': { description: '`invalid_transition`' }, ...scoped },
  },
  { method: 'get', path: '/api/v1/me/flags', summary: 'My flags (staff): state, explanation and coaching date — no evidence', tags: ['flags'], responses: { '200': { description: 'Flags' }, ...scoped } },
  { method: 'get', path: '/api/v1/flags-rule', summary: 'The organization’s flag rule', tags: ['flags'], responses: { '200': { description: 'The rule', schema: FlagRuleSchema }, ...scoped } },
  { method: 'put', path: '/api/v1/flags-rule', summary: 'Change the flag rule (admin); run `mirrorcard flags recompute` after', tags: ['flags'], body: FlagRuleSchema, responses: { '200': { description: 'The rule', schema: FlagRuleSchema }, '400': { description: 'Invalid rule' }, ...scoped } },
  {
    method: 'get',
    path: '/api/v1/digest/today',
    summary: 'Today’s digest: new flags, coaching due, moderation waiting, praise to pass on — nothing else',
    tags: ['flags'],
    responses: { '200': { description: 'The digest' }, ...scoped },
  },
];
