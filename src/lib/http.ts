import type { Context } from 'hono';
import * as v from 'valibot';
import { AppError, errors, toIssues } from './errors.ts';

/** True for application/json and any application/*+json, with or without parameters. */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const type = header.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * Reads a JSON body and validates it against a valibot schema. Wrong content type → 415,
 * unparsable JSON → 400 malformed_json, schema failure → 400 invalid_body with issues.
 * (The size limit is enforced before, by the body-limit middleware.)
 */
export async function readJson<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  if (!isJsonContentType(c.req.header('content-type'))) throw errors.unsupportedMediaType();
  const text = await c.req.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw errors.malformedJson();
  }
  const result = v.safeParse(schema, data);
  if (!result.success) throw errors.invalid(toIssues(result.issues));
  return result.output;
}

/** A `:id` path parameter; anything but a positive whole number is simply not found. */
export function idParam(c: Context, name = 'id'): number {
  const raw = c.req.param(name) ?? '';
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) throw errors.notFound();
  const id = Number(raw);
  if (!Number.isSafeInteger(id)) throw errors.notFound();
  return id;
}

/** The query string validated against a valibot schema: 400 `invalid_query` with issues. */
export function readQuery<S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> {
  const parsed = v.safeParse(schema, c.req.query());
  if (!parsed.success) throw new AppError(400, 'invalid_query', 'The query is invalid', toIssues(parsed.issues));
  return parsed.output;
}
