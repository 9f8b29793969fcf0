/** @jsxImportSource hono/jsx */
import type { Locale } from '../../lib/i18n.ts';
import { Layout } from '../../ui/layout.tsx';
import type { Digest } from './routes.tsx';
import type { FlagRow } from './store.ts';

const en = {
  today: 'Today',
  intro: 'Only what needs you today.',
  newFlags: 'New coaching flags',
  coachingDue: 'Coaching due',
  moderation: 'Waiting for moderation',
  praise: 'Praise letters to pass on',
  nothing: 'Nothing here today.',
  flags: 'Coaching flags',
  team: 'Team numbers',
  wall: 'Praise wall',
  acknowledge: 'Acknowledge',
  plan: 'Plan coaching',
  resolve: 'Resolved',
  dismiss: 'Dismiss',
  note: 'Note',
  date: 'Date',
  reason: 'Reason',
  state: 'State',
  opened: 'Opened',
  previous: 'follows flag #{id}',
  allFlags: 'All active flags',
  submissions: '{n} submissions',
  open: 'open',
  acknowledged: 'acknowledged',
  coaching_planned: 'coaching planned',
  resolved: 'resolved',
  dismissed: 'dismissed',
};
type Msg = Record<keyof typeof en, string>;
const M: Record<Locale, Msg> = {
  en,
  ko: {
    today: '오늘',
    intro: '오늘 살펴보실 것만 모았습니다.',
    newFlags: '새 코칭 알림',
    coachingDue: '예정된 코칭',
    moderation: '검토 대기',
    praise: '전달할 칭찬 편지',
    nothing: '오늘은 없습니다.',
    flags: '코칭 알림',
    team: '팀 평가 지표',
    wall: '칭찬 게시판',
    acknowledge: '확인',
    plan: '코칭 계획',
    resolve: '해결됨',
    dismiss: '해제',
    note: '메모',
    date: '날짜',
    reason: '사유',
    state: '상태',
    opened: '발생',
    previous: '알림 #{id}에 이어서',
    allFlags: '진행 중인 모든 알림',
    submissions: '{n}건',
    open: '새 알림',
    acknowledged: '확인함',
    coaching_planned: '코칭 예정',
    resolved: '해결됨',
    dismissed: '해제됨',
  },
};

const CSS = `.flag{border:1px solid #d5d9de;border-radius:.6rem;padding:.7rem .9rem;margin:.6rem 0}
.flag h3{margin:0 0 .3rem;font-size:1rem}.muted{color:#4a4a4a;font-size:.85rem}
.flag form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:end;margin-top:.5rem}
.flag form button{width:auto;min-height:2.4rem;padding:.4rem .8rem;font-size:.9rem}
.flag form input{width:auto;flex:1;min-width:8rem;padding:.4rem .5rem}
nav.tabs{display:flex;gap:1rem;margin:.5rem 0 1rem;flex-wrap:wrap}
.letter{background:#fff8e6;border-left:4px solid #e0a100;padding:.6rem .8rem;margin:.5rem 0;border-radius:.3rem;white-space:pre-wrap}
h2{font-size:1.1rem;margin:1.2rem 0 .4rem}`;

function Nav(props: { m: Msg; locale: Locale }) {
  const q = `?lang=${props.locale}`;
  return (
    <nav class="tabs">
      <a href={`/today${q}`}>{props.m.today}</a>
      <a href={`/flags${q}`}>{props.m.flags}</a>
      <a href={`/team${q}`}>{props.m.team}</a>
      <a href={`/wall${q}`}>{props.m.wall}</a>
    </nav>
  );
}

function Flag(props: { f: FlagRow; m: Msg; children?: unknown }) {
  const { f, m } = props;
  return (
    <article class="flag" aria-labelledby={`flag-${f.id}`}>
      <h3 id={`flag-${f.id}`}>
        <a href={`/team/${f.employeeId}`}>{f.employeeName}</a> <span class="muted">· {f.unitName} · {m[f.state as keyof Msg]}</span>
      </h3>
      <p style="margin:.2rem 0">{f.explanation}</p>
      <p class="muted">
        {m.opened} {new Date(f.openedAt).toISOString().slice(0, 10)}
        {f.previousFlagId ? ` · ${m.previous.replace('{id}', String(f.previousFlagId))}` : ''}
        {f.coachingDate ? ` · ${m.coaching_planned}: ${f.coachingDate}` : ''}
      </p>
      {props.children as never}
    </article>
  );
}

export function DigestPage(props: { locale: Locale; orgName: string; digest: Digest; timeZone: string }) {
  const m = M[props.locale];
  const d = props.digest;
  return (
    <Layout locale={props.locale} title={`${m.today} · ${props.orgName}`} head={<style dangerouslySetInnerHTML={{ __html: CSS }} />}>
      <div class="top">
        <span>{props.orgName}</span>
        <span>{d.date}</span>
      </div>
      <Nav m={m} locale={props.locale} />
      <h1>{m.today}</h1>
      <p class="lead">{m.intro}</p>
      <h2>{m.newFlags}</h2>
      {d.newFlags.length ? d.newFlags.map((f) => <Flag f={f} m={m} />) : <p class="muted">{m.nothing}</p>}
      <h2>{m.coachingDue}</h2>
      {d.coachingDue.length ? d.coachingDue.map((f) => <Flag f={f} m={m} />) : <p class="muted">{m.nothing}</p>}
      <h2>{m.moderation}</h2>
      <p class={d.moderation.waiting ? undefined : 'muted'}>{d.moderation.waiting ? m.submissions.replace('{n}', String(d.moderation.waiting)) : m.nothing}</p>
      <h2>{m.praise}</h2>
      {d.praiseToPassOn.length ? (
        d.praiseToPassOn.map((p) => (
          <div class="letter">
            <strong>{p.employeeName}</strong>
            {'\n'}
            {p.body}
            {p.signature ? `\n— ${p.signature}` : ''}
          </div>
        ))
      ) : (
        <p class="muted">{m.nothing}</p>
      )}
    </Layout>
  );
}

function TransitionForm(props: { action: string; csrf: string; to: string; label: string; children?: unknown }) {
  return (
    <form method="post" action={props.action}>
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="state" value={props.to} />
      {props.children as never}
      <button type="submit">{props.label}</button>
    </form>
  );
}

const Field = (props: { label: string; name: string }) => (
  <label>
    {props.label} <input type="text" name={props.name} required maxlength={2000} />
  </label>
);

export function FlagsPage(props: { locale: Locale; orgName: string; flags: FlagRow[]; csrf: string; today: string; error?: string | undefined }) {
  const m = M[props.locale];
  const action = (f: FlagRow) => `/flags/${f.id}?lang=${props.locale}`;
  return (
    <Layout locale={props.locale} title={`${m.flags} · ${props.orgName}`} head={<style dangerouslySetInnerHTML={{ __html: CSS }} />}>
      <div class="top">
        <span>{props.orgName}</span>
      </div>
      <Nav m={m} locale={props.locale} />
      <h1>{m.flags}</h1>
      {props.error ? (
        <div class="alert" role="alert">
          {props.error}
        </div>
      ) : null}
      {props.flags.length === 0 ? <p class="muted">{m.nothing}</p> : null}
      {props.flags.map((f) => (
        <Flag f={f} m={m}>
          {/* One form per next state the lifecycle allows, with the fields that state requires. */}
          {f.state === 'open' ? <TransitionForm action={action(f)} csrf={props.csrf} to="acknowledged" label={m.acknowledge} /> : null}
          {f.state === 'acknowledged' ? (
            <TransitionForm action={action(f)} csrf={props.csrf} to="coaching_planned" label={m.plan}>
              <Field label={m.note} name="note" />
              <label>
                {m.date} <input type="date" name="date" required min={props.today} />
              </label>
            </TransitionForm>
          ) : null}
          {f.state === 'coaching_planned' ? (
            <TransitionForm action={action(f)} csrf={props.csrf} to="resolved" label={m.resolve}>
              <Field label={m.note} name="note" />
            </TransitionForm>
          ) : null}
          {f.state !== 'resolved' && f.state !== 'dismissed' ? (
            <TransitionForm action={action(f)} csrf={props.csrf} to="dismissed" label={m.dismiss}>
              <Field label={m.reason} name="reason" />
            </TransitionForm>
          ) : null}
        </Flag>
      ))}
    </Layout>
  );
}
