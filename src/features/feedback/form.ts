/**
 * HTML form ⇄ API input. A form post is converted to the same input object the JSON API takes
 * and validated by the same schema; issues are mapped back to form fields and messages.
 */
import type { TemplateDimension } from '../../db/schema.ts';
import type { ErrorIssue } from '../../lib/errors.ts';
import type { MessageKey } from '../../lib/i18n.ts';

export type FormValues = Record<string, string>;

/** Keeps only single string values (files and repeated fields are ignored). */
export function formValues(body: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const [k, val] of Object.entries(body)) if (typeof val === 'string') out[k] = val;
  return out;
}

const present = (s: string | undefined): s is string => s !== undefined && s.trim() !== '';

/** "3" → 3; "" → undefined; anything else is passed on for the schema to refuse. */
function num(s: string | undefined): unknown {
  if (!present(s)) return undefined;
  return /^\s*\d+\s*$/.test(s) ? Number(s) : s;
}

function yesNo(s: string | undefined): unknown {
  if (!present(s)) return undefined;
  return s === 'yes' ? true : s === 'no' ? false : s;
}

export function cardInputFromForm(f: FormValues, dimensions: TemplateDimension[]): Record<string, unknown> {
  const ratings: Record<string, unknown> = {};
  for (const d of dimensions) {
    const r = num(f[`r_${d.key}`]);
    if (r !== undefined) ratings[d.key] = r;
  }
  const had = yesNo(f.problem_had);
  const consent = f.contact_consent === 'yes';
  const email = present(f.contact_email) ? f.contact_email : undefined;
  const phone = present(f.contact_phone) ? f.contact_phone : undefined;
  const input: Record<string, unknown> = {
    overall: num(f.overall),
    ratings: Object.keys(ratings).length ? ratings : undefined,
    about: present(f.about) ? f.about : undefined,
    // A "resolved" answer left over after switching "had a problem" to no is dropped.
    problem: had === undefined ? undefined : { had, resolved: had === true ? yesNo(f.problem_resolved) : undefined },
    comment: present(f.comment) ? f.comment : undefined,
    employeeId: num(f.employeeId),
    locale: f.lang === 'ko' || f.lang === 'en' ? f.lang : undefined,
    contact: consent || email || phone ? { email, phone, consent } : undefined,
  };
  return input;
}

export function praiseInputFromForm(f: FormValues): Record<string, unknown> {
  return {
    body: f.body ?? '',
    employeeId: num(f.employeeId),
    signature: present(f.signature) ? f.signature : undefined,
    publish: f.publish === 'yes',
    locale: f.lang === 'ko' || f.lang === 'en' ? f.lang : undefined,
  };
}

/** Maps API issues (dotted paths) to form fields and localized messages. */
export function formErrors(issues: ErrorIssue[], kind: 'card' | 'praise'): Record<string, MessageKey> {
  const out: Record<string, MessageKey> = {};
  for (const { path } of issues) {
    const [head, sub] = path.split('.');
    let field: string;
    let key: MessageKey;
    switch (head) {
      case 'overall':
        [field, key] = ['overall', 'err.overall'];
        break;
      case 'ratings':
        [field, key] = [sub ? `r_${sub}` : 'overall', 'err.rating'];
        break;
      case 'about':
        [field, key] = ['about', 'err.about'];
        break;
      case 'problem':
        [field, key] = [sub === 'resolved' ? 'problem_resolved' : 'problem_had', 'err.problem'];
        break;
      case 'comment':
        [field, key] = ['comment', 'err.comment'];
        break;
      case 'employeeId':
        [field, key] = ['employeeId', kind === 'praise' ? 'err.employee.required' : 'err.employee'];
        break;
      case 'contact':
        if (sub === 'email') [field, key] = ['contact_email', 'err.email'];
        else if (sub === 'phone') [field, key] = ['contact_phone', 'err.phone'];
        else [field, key] = ['contact', 'err.contact'];
        break;
      case 'body':
        [field, key] = ['body', 'err.body'];
        break;
      case 'signature':
        [field, key] = ['signature', 'err.signature'];
        break;
      default:
        [field, key] = [head ?? 'form', 'err.generic'];
    }
    out[field] ??= key;
  }
  return out;
}
