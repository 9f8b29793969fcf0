/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import type { Locale, Translate, MessageKey } from '../../lib/i18n.ts';
import { Layout } from '../../ui/layout.tsx';
import type { PublicEmployee } from '../employees/store.ts';
import type { TouchpointContext } from '../touchpoints/store.ts';
import { COMMENT_MAX, PRAISE_BODY_MAX, SIGNATURE_MAX } from './schemas.ts';

/** The raw form values (kept on re-render) and the errors by field name. */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, MessageKey>;
}

export const emptyForm = (): FormState => ({ values: {}, errors: {} });

interface PageProps {
  t: Translate;
  locale: Locale;
  tp: TouchpointContext;
}

function LangSwitch(props: { locale: Locale; t: Translate; path: string }) {
  const other: Locale = props.locale === 'ko' ? 'en' : 'ko';
  return (
    <a href={`${props.path}?lang=${other}`} lang={other} hreflang={other}>
      {props.t('lang.switch')}
    </a>
  );
}

function Top(props: PageProps & { path: string }) {
  return (
    <div class="top">
      <span>{props.tp.orgName}</span>
      <LangSwitch locale={props.locale} t={props.t} path={props.path} />
    </div>
  );
}

function FieldError(props: { id: string; t: Translate; error: MessageKey | undefined }) {
  if (!props.error) return null;
  return (
    <p class="err" id={`${props.id}-err`}>
      {props.t(props.error)}
    </p>
  );
}

function ErrorSummary(props: { t: Translate; form: FormState }) {
  if (Object.keys(props.form.errors).length === 0) return null;
  return (
    <div class="alert" role="alert" id="form-errors" tabindex={-1}>
      {props.t('form.errors')}
    </div>
  );
}

function describedBy(id: string, form: FormState, hint?: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', form.errors[id] ? `${id}-err` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** A 1–5 scale as a radio group inside a fieldset; optionally with a "skip" choice. */
function Scale(props: { name: string; legend: string; t: Translate; form: FormState; required?: boolean; skip?: boolean }) {
  const { name, t, form } = props;
  const value = form.values[name] ?? '';
  const error = form.errors[name];
  return (
    <fieldset class={error ? 'invalid' : undefined} aria-describedby={error ? `${name}-err` : undefined}>
      <legend>
        {props.legend}
        {props.required ? <span class="sr"> ({t('form.required')})</span> : null}
      </legend>
      <div class={props.skip ? 'scale skip' : 'scale'}>
        {[1, 2, 3, 4, 5].map((n) => (
          <label class="opt">
            <input type="radio" name={name} value={String(n)} checked={value === String(n)} required={props.required} />
            <span>
              <b aria-hidden="true">{n}</b>
              <small>{t(`rating.${n}` as MessageKey)}</small>
            </span>
          </label>
        ))}
        {props.skip ? (
          <label class="opt">
            <input type="radio" name={name} value="" checked={value === ''} />
            <span>
              <small>{t('card.skip')}</small>
            </span>
          </label>
        ) : null}
      </div>
      <FieldError id={name} t={t} error={error} />
    </fieldset>
  );
}

function Choice(props: {
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  form: FormState;
  t: Translate;
  row?: boolean;
}) {
  const value = props.form.values[props.name] ?? '';
  const error = props.form.errors[props.name];
  return (
    <fieldset class={error ? 'invalid' : undefined} aria-describedby={error ? `${props.name}-err` : undefined}>
      <legend>{props.legend}</legend>
      <div class={props.row ? 'row' : 'choice'}>
        {props.options.map((o) => (
          <label class="opt">
            <input type="radio" name={props.name} value={o.value} checked={value === o.value} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      <FieldError id={props.name} t={props.t} error={error} />
    </fieldset>
  );
}

function EmployeePicker(props: {
  label: string;
  employees: PublicEmployee[];
  form: FormState;
  t: Translate;
  unsureLabel?: string;
  required?: boolean;
}) {
  const value = props.form.values.employeeId ?? '';
  const error = props.form.errors.employeeId;
  return (
    <div class={error ? 'invalid' : undefined} style="margin-bottom:1.25rem">
      <label class="q" for="employeeId">
        {props.label}
      </label>
      <select id="employeeId" name="employeeId" required={props.required} aria-describedby={describedBy('employeeId', props.form)}>
        <option value="">{props.unsureLabel ?? '—'}</option>
        {props.employees.map((e) => (
          <option value={String(e.id)} selected={value === String(e.id)}>
            {e.displayName}
          </option>
        ))}
      </select>
      <FieldError id="employeeId" t={props.t} error={error} />
    </div>
  );
}

function Hidden(props: { form: FormState; locale: Locale }) {
  return (
    <>
      <input type="hidden" name="idempotency_key" value={props.form.values.idempotency_key ?? ''} />
      <input type="hidden" name="lang" value={props.locale} />
    </>
  );
}

export function CardPage(props: PageProps & { employees: PublicEmployee[]; form: FormState }) {
  const { t, tp, form, locale } = props;
  const base = `/t/${tp.code}`;
  return (
    <Layout locale={locale} title={`${t('card.title')} · ${tp.orgName}`}>
      <Top {...props} path={base} />
      <h1>{t('card.title')}</h1>
      <p class="lead">
        {tp.employee
          ? t('card.intro.employee', { name: tp.employee.displayName })
          : t('card.intro.unit', { unit: tp.unitName })}
      </p>
      <ErrorSummary t={t} form={form} />
      <form method="post" action={`${base}?lang=${locale}`} accept-charset="utf-8" novalidate>
        <Hidden form={form} locale={locale} />
        <Scale name="overall" legend={t('card.overall')} t={t} form={form} required />
        {tp.employee ? null : (
          <EmployeePicker
            label={t('card.employee')}
            employees={props.employees}
            form={form}
            t={t}
            unsureLabel={t('card.employee.unsure')}
          />
        )}
        <Choice
          name="about"
          legend={t('card.about')}
          form={form}
          t={t}
          options={[
            { value: 'person', label: t('card.about.person') },
            { value: 'process', label: t('card.about.process') },
            { value: 'both', label: t('card.about.both') },
          ]}
        />
        {tp.dimensions.length ? (
          <div class="box">
            <p style="margin:0 0 .6rem;font-weight:600">{t('card.dimensions')}</p>
            {tp.dimensions.map((d) => (
              <Scale name={`r_${d.key}`} legend={d.label[locale]} t={t} form={form} skip />
            ))}
          </div>
        ) : null}
        <Choice
          name="problem_had"
          legend={t('card.problem')}
          form={form}
          t={t}
          row
          options={[
            { value: 'yes', label: t('yes') },
            { value: 'no', label: t('no') },
          ]}
        />
        <Choice
          name="problem_resolved"
          legend={t('card.problem.resolved')}
          form={form}
          t={t}
          row
          options={[
            { value: 'yes', label: t('yes') },
            { value: 'no', label: t('no') },
          ]}
        />
        <div class={form.errors.comment ? 'invalid' : undefined} style="margin-bottom:1.25rem">
          <label class="q" for="comment">
            {t('card.comment')}
          </label>
          <textarea id="comment" name="comment" maxlength={COMMENT_MAX} aria-describedby={describedBy('comment', form, true)}>
            {form.values.comment ?? ''}
          </textarea>
          <p class="hint" id="comment-hint">
            {t('card.comment.hint')}
          </p>
          <FieldError id="comment" t={t} error={form.errors.comment} />
        </div>
        <fieldset class={form.errors.contact ? 'invalid box' : 'box'}>
          <legend>{t('card.contact')}</legend>
          <TextInput name="contact_email" type="email" label={t('card.contact.email')} form={form} t={t} autocomplete="email" />
          <TextInput name="contact_phone" type="tel" label={t('card.contact.phone')} form={form} t={t} autocomplete="tel" />
          <label class="check">
            <input type="checkbox" name="contact_consent" value="yes" checked={form.values.contact_consent === 'yes'} />
            <span>{t('card.contact.consent')}</span>
          </label>
          <p class="hint">{t('card.contact.note')}</p>
          <FieldError id="contact" t={t} error={form.errors.contact} />
        </fieldset>
        <button type="submit">{t('card.submit')}</button>
      </form>
      <p class="center">
        <a href={`${base}/praise?lang=${locale}`}>{t('card.praiseLink')}</a>
      </p>
    </Layout>
  );
}

function TextInput(props: {
  name: string;
  type: 'text' | 'email' | 'tel';
  label: string;
  form: FormState;
  t: Translate;
  autocomplete?: string;
  maxlength?: number;
}) {
  const error = props.form.errors[props.name];
  return (
    <div class={error ? 'invalid' : undefined} style="margin-bottom:.7rem">
      <label class="q" for={props.name}>
        {props.label}
      </label>
      <input
        id={props.name}
        name={props.name}
        type={props.type}
        value={props.form.values[props.name] ?? ''}
        autocomplete={props.autocomplete}
        maxlength={props.maxlength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props.name, props.form)}
      />
      <FieldError id={props.name} t={props.t} error={error} />
    </div>
  );
}

export function PraisePage(props: PageProps & { employees: PublicEmployee[]; form: FormState }) {
  const { t, tp, form, locale } = props;
  const base = `/t/${tp.code}`;
  return (
    <Layout locale={locale} title={`${t('praise.title')} · ${tp.orgName}`}>
      <Top {...props} path={`${base}/praise`} />
      <h1>{t('praise.title')}</h1>
      <p class="lead">
        {tp.employee ? t('praise.intro.employee', { name: tp.employee.displayName }) : t('praise.intro.unit')}
      </p>
      <ErrorSummary t={t} form={form} />
      <form method="post" action={`${base}/praise?lang=${locale}`} accept-charset="utf-8" novalidate>
        <Hidden form={form} locale={locale} />
        {tp.employee ? null : (
          <EmployeePicker label={t('praise.employee')} employees={props.employees} form={form} t={t} required />
        )}
        <div class={form.errors.body ? 'invalid' : undefined} style="margin-bottom:1.25rem">
          <label class="q" for="body">
            {t('praise.body')}
          </label>
          <textarea
            id="body"
            name="body"
            required
            maxlength={PRAISE_BODY_MAX}
            style="min-height:11rem"
            aria-describedby={describedBy('body', form, true)}
          >
            {form.values.body ?? ''}
          </textarea>
          <p class="hint" id="body-hint">
            {t('praise.body.hint')}
          </p>
          <FieldError id="body" t={t} error={form.errors.body} />
        </div>
        <TextInput name="signature" type="text" label={t('praise.signature')} form={form} t={t} maxlength={SIGNATURE_MAX} autocomplete="name" />
        <label class="check">
          <input type="checkbox" name="publish" value="yes" checked={form.values.publish === 'yes'} />
          <span>{t('praise.publish')}</span>
        </label>
        <button type="submit">{t('praise.submit')}</button>
      </form>
      <p class="center">
        <a href={`${base}?lang=${locale}`}>{t('praise.cardLink')}</a>
      </p>
    </Layout>
  );
}

export function ThanksPage(props: PageProps & { kind: 'card' | 'praise' }) {
  const { t, tp, locale } = props;
  return (
    <Layout locale={locale} title={`${t('thanks.title')} · ${tp.orgName}`}>
      <Top {...props} path={`/t/${tp.code}/thanks`} />
      <div class="center" style="margin-top:2.5rem">
        <p aria-hidden="true" style="font-size:3rem;margin:0">
          ♥
        </p>
        <h1>{t('thanks.title')}</h1>
        <p class="lead">{props.kind === 'card' ? t('thanks.card') : t('thanks.praise')}</p>
        {props.kind === 'card' ? (
          <p>
            <a href={`/t/${tp.code}/praise?lang=${locale}`}>{t('thanks.praiseLink')}</a>
          </p>
        ) : null}
      </div>
    </Layout>
  );
}

export function MessagePage(props: { locale: Locale; title: string; body: string; children?: Child }) {
  return (
    <Layout locale={props.locale} title={props.title}>
      <div class="center" style="margin-top:3rem">
        <h1>{props.title}</h1>
        <p class="lead">{props.body}</p>
        {props.children}
      </div>
    </Layout>
  );
}
