/** @jsxImportSource hono/jsx */
/**
 * The customer's pages: `GET/POST /t/:code` (comment card), `GET/POST /t/:code/praise`,
 * `GET /t/:code/thanks`. Plain HTML forms: they work with JavaScript off.
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from '../../app.ts';
import { AppError, toIssues, type ErrorIssue } from '../../lib/errors.ts';
import { negotiateLocale, translator, type Locale, type MessageKey } from '../../lib/i18n.ts';
import type { TouchpointContext } from '../touchpoints/store.ts';
import { cardInputFromForm, formErrors, formValues, praiseInputFromForm, type FormValues } from './form.ts';
import { CardInputSchema, PraiseInputSchema } from './schemas.ts';
import { submitCard, submitPraise, type FeedbackDeps } from './service.ts';
import { CardPage, MessagePage, PraisePage, ThanksPage, type FormState } from './views.tsx';

const newKey = () => randomBytes(16).toString('base64url');

export function pageLocale(c: Context, fallback: Locale, formLang?: string): Locale {
  return negotiateLocale({
    query: c.req.query('lang') ?? formLang,
    acceptLanguage: c.req.header('accept-language'),
    fallback,
  });
}

export function notFoundPage(c: Context, fallback: Locale = 'en') {
  const locale = pageLocale(c, fallback);
  const t = translator(locale);
  return c.html(<MessagePage locale={locale} title={t('notfound.title')} body={t('notfound.body')} />, 404);
}

export function gonePage(c: Context) {
  const locale = pageLocale(c, 'en');
  const t = translator(locale);
  return c.html(<MessagePage locale={locale} title={t('gone.title')} body={t('gone.body')} />, 410);
}

function noStore(c: Context) {
  c.header('Cache-Control', 'no-store');
}

export function customerPages(deps: FeedbackDeps) {
  const app = new Hono<AppEnv>();

  async function touchpoint(c: Context): Promise<TouchpointContext | 'gone' | undefined> {
    return deps.touchpoints.resolveCode(c.req.param('code') ?? '', deps.clock.now());
  }

  async function pickable(tp: TouchpointContext) {
    return tp.employee ? [] : deps.employees.listActiveInUnit(tp.orgId, tp.unitId);
  }

  app.get('/t/:code', async (c) => {
    const tp = await touchpoint(c);
    if (tp === 'gone') return gonePage(c);
    if (!tp) return notFoundPage(c);
    const locale = pageLocale(c, tp.orgDefaultLocale);
    noStore(c);
    const form: FormState = { values: { idempotency_key: newKey() }, errors: {} };
    return c.html(<CardPage t={translator(locale)} locale={locale} tp={tp} employees={await pickable(tp)} form={form} />);
  });

  app.get('/t/:code/praise', async (c) => {
    const tp = await touchpoint(c);
    if (tp === 'gone') return gonePage(c);
    if (!tp) return notFoundPage(c);
    const locale = pageLocale(c, tp.orgDefaultLocale);
    noStore(c);
    const form: FormState = { values: { idempotency_key: newKey() }, errors: {} };
    return c.html(<PraisePage t={translator(locale)} locale={locale} tp={tp} employees={await pickable(tp)} form={form} />);
  });

  app.get('/t/:code/thanks', async (c) => {
    const tp = await touchpoint(c);
    if (tp === 'gone') return gonePage(c);
    if (!tp) return notFoundPage(c);
    const locale = pageLocale(c, tp.orgDefaultLocale);
    const kind = c.req.query('kind') === 'praise' ? 'praise' : 'card';
    return c.html(<ThanksPage t={translator(locale)} locale={locale} tp={tp} kind={kind} />);
  });

  /**
   * Validates a posted form with the API's schema, then submits. On a validation error the
   * form is shown again with the customer's input kept and each error beside its field.
   */
  async function handlePost(c: Context, kind: 'card' | 'praise') {
    const tp = await touchpoint(c);
    if (tp === 'gone') return gonePage(c);
    if (!tp) return notFoundPage(c);
    const values: FormValues = formValues(await c.req.parseBody());
    const locale = pageLocale(c, tp.orgDefaultLocale, values.lang);
    if (!values.idempotency_key || !/^[\x21-\x7E]{1,255}$/.test(values.idempotency_key)) values.idempotency_key = newKey();

    const rerender = async (errors: Record<string, MessageKey>) => {
      noStore(c);
      const form: FormState = { values, errors };
      const props = { t: translator(locale), locale, tp, employees: await pickable(tp), form };
      return c.html(kind === 'card' ? <CardPage {...props} /> : <PraisePage {...props} />, 400);
    };

    let issues: ErrorIssue[] = [];
    let created: { id: number } | undefined;
    const raw = kind === 'card' ? cardInputFromForm(values, tp.dimensions) : praiseInputFromForm(values);
    const consentMissing =
      kind === 'card' && values.contact_consent !== 'yes' && Boolean(values.contact_email?.trim() || values.contact_phone?.trim());
    const opts = { channel: 'web' as const, locale, idempotencyKey: values.idempotency_key };
    const attempt = async () => {
      if (kind === 'card') {
        const parsed = v.safeParse(CardInputSchema, raw);
        if (!parsed.success) issues = toIssues(parsed.issues);
        else if (!consentMissing) created = await submitCard(deps, tp, parsed.output, opts);
      } else {
        const parsed = v.safeParse(PraiseInputSchema, raw);
        if (!parsed.success) {
          issues = toIssues(parsed.issues);
          // Report the missing addressee together with the other errors, not on the next try.
          if (!tp.employee && raw.employeeId === undefined) issues.push({ path: 'employeeId', message: 'required' });
        }
        else created = await submitPraise(deps, tp, parsed.output, opts);
      }
    };
    try {
      await attempt();
    } catch (err) {
      if (err instanceof AppError && err.issues) issues = err.issues;
      else if (err instanceof AppError && err.code === 'idempotency_key_reused') {
        // The customer went back and changed an already-sent form: that is a new submission.
        opts.idempotencyKey = values.idempotency_key = newKey();
        await attempt();
      } else throw err;
    }
    const errors = formErrors(issues, kind);
    if (consentMissing) errors.contact ??= 'err.consent';
    if (!created || Object.keys(errors).length) return rerender(errors);
    // Post/Redirect/Get: a reload of the thank-you page never resubmits.
    return c.redirect(`/t/${tp.code}/thanks?kind=${kind}&lang=${locale}`, 303);
  }

  app.post('/t/:code', (c) => handlePost(c, 'card'));
  app.post('/t/:code/praise', (c) => handlePost(c, 'praise'));

  return app;
}
