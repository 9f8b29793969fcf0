import type { Operation } from '../openapi/spec.ts';
import { CreateTouchpointSchema, RotatedSchema, TouchpointListSchema, TouchpointSchema } from './schemas.ts';

const id = { name: 'id', in: 'path' as const, description: 'Touchpoint id' };
const scoped = { '401': { description: 'Not signed in' }, '403': { description: 'Role not allowed' }, '404': { description: 'Not in your scope' } };

export const touchpointOperations: Operation[] = [
  { method: 'get', path: '/api/v1/touchpoints', summary: 'List touchpoints (admin: all; supervisor: their units)', tags: ['touchpoints'], responses: { '200': { description: 'Touchpoints', schema: TouchpointListSchema }, ...scoped } },
  { method: 'get', path: '/api/v1/touchpoints/{id}', summary: 'One touchpoint', tags: ['touchpoints'], params: [id], responses: { '200': { description: 'The touchpoint', schema: TouchpointSchema }, ...scoped } },
  { method: 'post', path: '/api/v1/touchpoints', summary: 'Create a touchpoint (admin)', description: 'Its public code is 128 random bits, base64url.', tags: ['touchpoints'], body: CreateTouchpointSchema, responses: { '201': { description: 'Created', schema: TouchpointSchema }, '400': { description: 'Invalid body' }, ...scoped } },
  { method: 'post', path: '/api/v1/touchpoints/{id}/deactivate', summary: 'Deactivate (admin): its code answers 404', tags: ['touchpoints'], params: [id], responses: { '200': { description: 'Deactivated', schema: TouchpointSchema }, ...scoped } },
  { method: 'post', path: '/api/v1/touchpoints/{id}/rotate-code', summary: 'Rotate the public code (admin)', description: 'The old code keeps working for TOUCHPOINT_CODE_GRACE_DAYS (default 30), then answers 410 Gone.', tags: ['touchpoints'], params: [id], responses: { '200': { description: 'New code', schema: RotatedSchema }, ...scoped } },
  { method: 'get', path: '/api/v1/touchpoints/{id}/qr.svg', summary: 'QR code of the touchpoint URL, SVG', tags: ['touchpoints'], params: [id], responses: { '200': { description: 'SVG', contentType: 'image/svg+xml' }, ...scoped } },
  { method: 'get', path: '/api/v1/touchpoints/{id}/qr.png', summary: 'QR code of the touchpoint URL, PNG', tags: ['touchpoints'], params: [id], responses: { '200': { description: 'PNG', contentType: 'image/png' }, ...scoped } },
];
