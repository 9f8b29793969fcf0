/**
 * One error class with a machine-readable `code`, and one JSON shape for every API error:
 *   { "error": { "code", "message", "issues"?: [{ "path", "message" }] } }
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as v from 'valibot';
import { getDotPath } from 'valibot';

export interface ErrorIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): { error: { code: string; message: string; issues?: ErrorIssue[] } } {
    return {
      error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) },
    };
  }
}

export const errors = {
  notFound: (message = 'Not found') => new AppError(404, 'not_found', message),
  gone: (message = 'This code is no longer in use') => new AppError(410, 'gone', message),
  invalid: (issues: ErrorIssue[], message = 'The request body is invalid') =>
    new AppError(400, 'invalid_body', message, issues),
  malformedJson: () => new AppError(400, 'malformed_json', 'The request body is not valid JSON'),
  unsupportedMediaType: () =>
    new AppError(415, 'unsupported_media_type', 'Send the body as application/json'),
  payloadTooLarge: (limit: number) =>
    new AppError(413, 'payload_too_large', `The request body is larger than ${limit} bytes`),
  idempotencyConflict: () =>
    new AppError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different request',
    ),
  invalidIdempotencyKey: () =>
    new AppError(400, 'invalid_idempotency_key', 'Idempotency-Key must be 1–255 visible ASCII characters'),
};

/** Converts valibot issues to the API's issue list: one entry per path, dotted paths. */
export function toIssues(issues: readonly v.BaseIssue<unknown>[]): ErrorIssue[] {
  const seen = new Set<string>();
  const out: ErrorIssue[] = [];
  for (const issue of issues) {
    let path = getDotPath(issue) ?? '';
    // Unknown keys in a strict object carry the offending key as their last path item.
    if (issue.kind === 'schema' && issue.type === 'strict_object' && issue.path) {
      path = issue.path.map((p) => String(p.key)).join('.');
    }
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, message: issue.message });
  }
  return out;
}
