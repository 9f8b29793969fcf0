/**
 * The OpenAPI 3.1 document, generated from the same valibot schemas the routes validate with.
 * Each feature describes its operations; this module assembles them.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { adminOperations } from '../admin/openapi.ts';
import { appraisalOperations } from '../appraisal/openapi.ts';
import { authOperations } from '../auth/openapi.ts';
import { feedOperations } from '../feed/openapi.ts';
import { flagOperations } from '../flags/openapi.ts';
import { moderationOperations } from '../moderation/routes.ts';
import { notificationOperations } from '../notifications/openapi.ts';
import { feedbackOperations } from '../feedback/openapi.ts';
import { touchpointOperations } from '../touchpoints/openapi.ts';

export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, with {param} placeholders. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** No sign-in needed (customer and auth endpoints). Everything else takes a bearer token. */
  public?: boolean;
  params?: { name: string; in: 'path' | 'query' | 'header'; description: string; required?: boolean }[];
  body?: v.GenericSchema;
  responses: Record<string, { description: string; schema?: v.GenericSchema; contentType?: string }>;
}

export const jsonSchema = (schema: v.GenericSchema) =>
  toJsonSchema(schema, { target: 'draft-2020-12', errorMode: 'ignore', typeMode: 'ignore' });

const ErrorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['invalid_body'] },
        message: { type: 'string' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string', examples: ['ratings.courtesy'] }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

export function buildOpenApi(operations: Operation[] = allOperations()) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      const isError = Number(status) >= 400;
      responses[status] = {
        description: r.description,
        ...(r.schema || isError
          ? {
              content: {
                [r.contentType ?? 'application/json']: {
                  schema: r.schema ? jsonSchema(r.schema) : { $ref: '#/components/schemas/Error' },
                },
              },
            }
          : {}),
      };
    }
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: op.tags,
      ...(op.public ? { security: [] } : {}),
      operationId: `${op.method}${op.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      ...(op.params
        ? {
            parameters: op.params.map((p) => ({
              name: p.name,
              in: p.in,
              description: p.description,
              required: p.in === 'path' ? true : (p.required ?? false),
              schema: { type: 'string' },
            })),
          }
        : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'mirrorcard API',
      version: '1',
      description:
        'Customers take part in how front-line staff are appraised, rewarded and coached. Every error has the shape ' +
        '`{ "error": { "code", "message", "issues"?: [{ "path", "message" }] } }`.',
    },
    paths,
    security: [{ bearerAuth: [] }],
    components: {
      schemas: { Error: ErrorBody },
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Access token from POST /api/v1/auth/login (HS256, 15 minutes). Pages use the same token in an HttpOnly cookie, with a CSRF token on writes.',
        },
      },
    },
  };
}

export function allOperations(): Operation[] {
  return [
    ...feedbackOperations,
    ...authOperations,
    ...feedOperations,
    ...adminOperations,
    ...touchpointOperations,
    ...appraisalOperations,
    ...flagOperations,
    ...notificationOperations,
    ...moderationOperations,
  ];
}
