import type { Operation } from '../openapi/spec.ts';
import { CardInputSchema, CreatedSchema, PraiseInputSchema } from './schemas.ts';

const codeParam = { name: 'code', in: 'path' as const, description: 'The touchpoint’s public code (from its QR code).' };
const idemParam = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  description: 'Any unique string (1–255 visible ASCII). A retry with the same key answers the original id and stores nothing new.',
};
const errorResponses = {
  '400': { description: 'Invalid body (`invalid_body` with `issues`), malformed JSON (`malformed_json`) or invalid idempotency key' },
  '404': { description: 'No active touchpoint has this code (`not_found`)' },
  '413': { description: 'Body larger than 16 KiB (`payload_too_large`)' },
  '415': { description: 'Content-Type is not application/json (`unsupported_media_type`)' },
  '422': { description: 'Idempotency-Key reused with a different body (`idempotency_key_reused`)' },
};

export const feedbackOperations: Operation[] = [
  {
    method: 'post',
    path: '/api/v1/t/{code}/cards',
    summary: 'Submit a comment card',
    description:
      'Ratings are 1–5; `ratings` keys are the touchpoint template’s dimension keys. `about` says whether the card is about the person (`person`), the place, wait or rules (`process`) or `both`. Contact details are stored only with `consent: true` and are never shown to staff.',
    tags: ['customer'],
    public: true,
    params: [codeParam, idemParam],
    body: CardInputSchema,
    responses: { '201': { description: 'Stored (or replayed for a repeated Idempotency-Key)', schema: CreatedSchema }, ...errorResponses },
  },
  {
    method: 'post',
    path: '/api/v1/t/{code}/praise',
    summary: 'Submit a praise letter',
    description:
      'Addressed to one employee: the touchpoint’s bound employee, or `employeeId` from the touchpoint’s unit. `publish: true` consents to showing the letter inside the organization.',
    tags: ['customer'],
    public: true,
    params: [codeParam, idemParam],
    body: PraiseInputSchema,
    responses: { '201': { description: 'Stored (or replayed for a repeated Idempotency-Key)', schema: CreatedSchema }, ...errorResponses },
  },
];
