/** @jsxImportSource hono/jsx */
import type { Locale } from '../../lib/i18n.ts';
import { IntervalBar, Sparkline, WeeklyChart } from '../../ui/charts.tsx';
import { Layout } from '../../ui/layout.tsx';
import type { Report, ReportRow } from './service.ts';
import type { WeekPoint } from './weekly.ts';

const en = {
    team: 'Team numbers',
    period: 'Period',
    previous: 'compared with',
    employee: 'Employee',
    unit: 'Unit',
    cards: 'Cards',
    personCards: 'About the person',
    praise: 'Praise letters',
    mean: 'Mean',
    adjusted: 'Adjusted (90% interval)',
    percentile: 'Percentile in unit',
    negative: 'Negative',
    recoveries: 'Recoveries',
    trend: '12 weeks',
    change: 'Change',
    insufficient: 'too few cards',
    csv: 'Download CSV',
    csvExcel: 'CSV for Excel',
    processTitle: 'About the place, wait or rules (counted per unit, not per person)',
    processCards: 'Process cards',
    processComplaints: 'Process complaints (≤ 2)',
    how: 'How these numbers are made',
    howText:
      'Means use only cards about the person. The adjusted score pulls a small sample toward the unit’s mean, as if the unit mean had been seen {k} more times, so two cards cannot rank anyone first or last. Below {min} cards there is no percentile.',
    weekly: 'Weekly adjusted score (line) and raw mean (hollow dots)',
    behind: 'The cards and letters behind these numbers',
    myNumbers: 'My numbers',
    back: 'Back to the team',
    dims: 'By dimension',
    none: 'No cards in this period.',
    overall: 'Overall {n}',
    feed: 'My feedback',
};

type Msg = Record<keyof typeof en, string>;

const M: Record<Locale, Msg> = {
  en,
  ko: {
    team: '팀 평가 지표',
    period: '기간',
    previous: '비교 기간',
    employee: '직원',
    unit: '부서',
    cards: '카드',
    personCards: '직원 관련',
    praise: '칭찬 편지',
    mean: '평균',
    adjusted: '보정 점수 (90% 구간)',
    percentile: '부서 내 백분위',
    negative: '부정 비율',
    recoveries: '문제 해결',
    trend: '12주 추이',
    change: '변화',
    insufficient: '카드 부족',
    csv: 'CSV 내려받기',
    csvExcel: 'Excel용 CSV',
    processTitle: '시설·대기·규정 관련 의견 (개인이 아닌 부서 단위로 집계)',
    processCards: '절차 관련 카드',
    processComplaints: '절차 관련 불만 (2점 이하)',
    how: '지표 산출 방법',
    howText:
      '평균은 직원에 관한 카드만 사용합니다. 보정 점수는 표본이 적을 때 부서 평균 쪽으로 당겨 계산하며(부서 평균을 {k}장 더 본 것처럼), 카드 두 장으로 누군가를 1등이나 꼴찌로 만들지 않습니다. 카드가 {min}장 미만이면 백분위를 매기지 않습니다.',
    weekly: '주별 보정 점수(선)와 원점수 평균(빈 점)',
    behind: '이 지표의 근거가 된 카드와 편지',
    myNumbers: '나의 지표',
    back: '팀으로 돌아가기',
    dims: '항목별',
    none: '이 기간에 카드가 없습니다.',
    overall: '전체 {n}점',
    feed: '나의 피드백',
  },
};
const f1 = (x: number | null) => (x === null ? '—' : x.toFixed(2));
const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
const signed = (x: number | null, digits = 2) => (x === null ? '' : `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`);

const EXTRA_CSS = `
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.45rem .4rem;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:middle;white-space:nowrap}
th a{color:inherit;text-decoration:none}th a:hover{text-decoration:underline}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto}
.muted{color:#4a4a4a;font-size:.85rem}
.chip{display:inline-block;font-size:.75rem;border:1px solid #8a8a8a;border-radius:1rem;padding:0 .45rem;color:#4a4a4a}
.down{color:#b00020}.up{color:#1b6e20}
.cardlist{list-style:none;padding:0;margin:0}.cardlist li{border-bottom:1px solid #e3e6ea;padding:.6rem 0}
.letter{background:#fff8e6;border-left:4px solid #e0a100;padding:.6rem .8rem;margin:.5rem 0;border-radius:.3rem;white-space:pre-wrap}
nav.tabs{display:flex;gap:1rem;margin:.5rem 0 1rem;flex-wrap:wrap}
`;

function Shell(props: { locale: Locale; title: string; orgName: string; children?: unknown; wide?: boolean }) {
  return (
    <Layout locale={props.locale} title={`${props.title} · ${props.orgName}`} head={<style dangerouslySetInnerHTML={{ __html: EXTRA_CSS + (props.wide ? 'main{max-width:72rem}' : '') }} />}>
      <div>
        <div class="top">
          <span>{props.orgName}</span>
        </div>
        {props.children as never}
      </div>
    </Layout>
  );
}

function PeriodLine(props: { m: Msg; report: Report }) {
  const r = props.report;
  return (
    <p class="lead">
      {props.m.period}: {r.period.from} – {r.period.to} · {props.m.previous} {r.previousPeriod.from} – {r.previousPeriod.to}
    </p>
  );
}

function Change(props: { value: number | null; invert?: boolean; percent?: boolean }) {
  if (props.value === null || Math.abs(props.value) < 1e-9) return <span class="muted">{props.value === null ? '' : '±0'}</span>;
  const good = props.invert ? props.value < 0 : props.value > 0;
  return <span class={good ? 'up' : 'down'}>{props.percent ? `${props.value > 0 ? '+' : ''}${Math.round(props.value * 100)}pt` : signed(props.value)}</span>;
}

type SortKey = 'name' | 'unit' | 'cards' | 'adjusted' | 'percentile' | 'negative' | 'praise' | 'recoveries';

const sorters: Record<SortKey, (r: ReportRow) => number | string> = {
  name: (r) => r.employee.displayName,
  unit: (r) => r.employee.unitName,
  cards: (r) => r.score.personCards,
  adjusted: (r) => r.score.overallAdjusted ?? -1,
  percentile: (r) => r.score.percentileInUnit ?? -1,
  negative: (r) => r.score.negativeRate ?? -1,
  praise: (r) => r.score.praiseLetters,
  recoveries: (r) => r.score.recoveries,
};

export function sortRows(rows: ReportRow[], sort: string, dir: 'asc' | 'desc'): ReportRow[] {
  const key = (sort in sorters ? sort : 'adjusted') as SortKey;
  const get = sorters[key];
  return [...rows].sort((a, b) => {
    const x = get(a);
    const y = get(b);
    const c = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return (dir === 'asc' ? c : -c) || a.employee.id - b.employee.id;
  });
}

export function TeamPage(props: {
  locale: Locale;
  orgName: string;
  report: Report;
  weeks: Map<number, WeekPoint[]>;
  sort: string;
  dir: 'asc' | 'desc';
  unit: number | undefined;
}) {
  const m = M[props.locale];
  const r = props.report;
  const base = `from=${r.period.from}&to=${r.period.to}${props.unit ? `&unit=${props.unit}` : ''}&lang=${props.locale}`;
  const head = (key: SortKey, label: string, num = false) => {
    const active = props.sort === key;
    const dir = active && props.dir === 'desc' ? 'asc' : 'desc';
    return (
      <th class={num ? 'num' : undefined} aria-sort={active ? (props.dir === 'asc' ? 'ascending' : 'descending') : undefined} scope="col">
        <a href={`/team?${base}&sort=${key}&dir=${dir}`}>
          {label}
          {active ? (props.dir === 'asc' ? ' ▲' : ' ▼') : ''}
        </a>
      </th>
    );
  };
  const rows = sortRows(r.rows, props.sort, props.dir);
  return (
    <Shell locale={props.locale} title={m.team} orgName={props.orgName} wide>
      <h1>{m.team}</h1>
      <PeriodLine m={m} report={r} />
      <nav class="tabs">
        <a href={`/api/v1/appraisal?${base}&format=csv`}>{m.csv}</a>
        <a href={`/api/v1/appraisal?${base}&format=csv&bom=1`}>{m.csvExcel}</a>
        <a href="/wall">♥</a>
      </nav>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              {head('name', m.employee)}
              {head('unit', m.unit)}
              {head('cards', m.personCards, true)}
              <th class="num" scope="col">{m.mean}</th>
              {head('adjusted', m.adjusted, true)}
              <th scope="col"><span class="sr">{m.adjusted}</span></th>
              {head('percentile', m.percentile, true)}
              {head('negative', m.negative, true)}
              {head('recoveries', m.recoveries, true)}
              {head('praise', m.praise, true)}
              <th scope="col">{m.trend}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const s = row.score;
              const weeks = props.weeks.get(row.employee.id) ?? [];
              return (
                <tr>
                  <td>
                    <a href={`/team/${row.employee.id}?from=${r.period.from}&to=${r.period.to}&lang=${props.locale}`}>{row.employee.displayName}</a>
                    <div class="muted">{row.employee.employeeNo}</div>
                  </td>
                  <td>{row.employee.unitName}</td>
                  <td class="num">{s.personCards}</td>
                  <td class="num">{f1(s.overallMean)}</td>
                  <td class="num">
                    {f1(s.overallAdjusted)} <Change value={row.change.overallAdjusted} />
                    <div class="muted">
                      {s.overallCiLow === null ? '' : `${f1(s.overallCiLow)}–${f1(s.overallCiHigh)}`}
                    </div>
                  </td>
                  <td>
                    <IntervalBar low={s.overallCiLow} value={s.overallAdjusted} high={s.overallCiHigh} label={`${f1(s.overallAdjusted)} (${f1(s.overallCiLow)}–${f1(s.overallCiHigh)})`} />
                  </td>
                  <td class="num">{s.insufficientData ? <span class="chip">{m.insufficient}</span> : Math.round(s.percentileInUnit ?? 0)}</td>
                  <td class="num">
                    {pct(s.negativeRate)} <Change value={row.change.negativeRate} invert percent />
                  </td>
                  <td class="num">{s.recoveries}</td>
                  <td class="num">{s.praiseLetters}</td>
                  <td>
                    <Sparkline values={weeks.map((w) => w.adjusted)} label={`${m.trend}: ${weeks.map((w) => f1(w.adjusted)).join(', ')}`} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2 style="font-size:1.05rem;margin-top:1.5rem">{m.processTitle}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{m.unit}</th>
            <th class="num" scope="col">{m.cards}</th>
            <th class="num" scope="col">{m.processCards}</th>
            <th class="num" scope="col">{m.processComplaints}</th>
          </tr>
        </thead>
        <tbody>
          {r.units.map((u) => (
            <tr>
              <td>{u.unitName}</td>
              <td class="num">{u.cards}</td>
              <td class="num">{u.processCards}</td>
              <td class="num">{u.processComplaints}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details style="margin-top:1rem">
        <summary>{m.how}</summary>
        <p class="muted">{m.howText.replace('{k}', String(r.scoring.priorStrength)).replace('{min}', String(r.scoring.minCards))}</p>
      </details>
    </Shell>
  );
}

interface Evidence {
  cards: { id: number; createdAt: number; overall: number; ratings: string; about: string | null; hadProblem: number | null; problemResolved: number | null; comment: string | null; touchpoint: string }[];
  letters: { id: number; createdAt: number; body: string; signature: string | null }[];
}

function EvidenceList(props: { m: Msg; evidence: Evidence; timeZone: string; locale: Locale }) {
  const fmt = new Intl.DateTimeFormat(props.locale === 'ko' ? 'ko-KR' : 'en-GB', { timeZone: props.timeZone, dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section>
      <h2 style="font-size:1.05rem">{props.m.behind}</h2>
      {props.evidence.letters.map((l) => (
        <div class="letter">
          {l.body}
          <div class="muted">
            {l.signature ? `— ${l.signature} · ` : ''}
            {fmt.format(new Date(l.createdAt))}
          </div>
        </div>
      ))}
      {props.evidence.cards.length === 0 ? <p class="muted">{props.m.none}</p> : null}
      <ul class="cardlist">
        {props.evidence.cards.map((card) => (
          <li>
            <strong>{props.m.overall.replace('{n}', String(card.overall))}</strong> <span class="chip">{card.about ?? '—'}</span>{' '}
            <span class="muted">
              {card.touchpoint} · {fmt.format(new Date(card.createdAt))}
            </span>
            {card.comment ? <div>{card.comment}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Detail(props: { m: Msg; report: Report; row: ReportRow; weeks: WeekPoint[]; locale: Locale }) {
  const s = props.row.score;
  const m = props.m;
  return (
    <>
      <table>
        <tbody>
          <tr><th scope="row">{m.cards}</th><td class="num">{s.cards}</td></tr>
          <tr><th scope="row">{m.personCards}</th><td class="num">{s.personCards} <Change value={props.row.change.personCards} /></td></tr>
          <tr><th scope="row">{m.mean}</th><td class="num">{f1(s.overallMean)}</td></tr>
          <tr>
            <th scope="row">{m.adjusted}</th>
            <td class="num">
              {f1(s.overallAdjusted)} ({f1(s.overallCiLow)}–{f1(s.overallCiHigh)}) <Change value={props.row.change.overallAdjusted} />{' '}
              <IntervalBar low={s.overallCiLow} value={s.overallAdjusted} high={s.overallCiHigh} label={f1(s.overallAdjusted)} />
            </td>
          </tr>
          <tr><th scope="row">{m.percentile}</th><td class="num">{s.insufficientData ? m.insufficient : Math.round(s.percentileInUnit ?? 0)}</td></tr>
          <tr><th scope="row">{m.negative}</th><td class="num">{pct(s.negativeRate)}</td></tr>
          <tr><th scope="row">{m.recoveries}</th><td class="num">{s.recoveries}</td></tr>
          <tr><th scope="row">{m.praise}</th><td class="num">{s.praiseLetters}</td></tr>
          {props.report.dimensions.map((d) => (
            <tr><th scope="row">{d.label[props.locale]}</th><td class="num">{f1(s.dimensionMeans[d.key] ?? null)}</td></tr>
          ))}
        </tbody>
      </table>
      <h2 style="font-size:1.05rem;margin-top:1.2rem">{m.weekly}</h2>
      <WeeklyChart weeks={props.weeks} label={`${m.weekly}: ${props.weeks.map((w) => `${w.weekStart} ${f1(w.adjusted)}`).join(', ')}`} />
    </>
  );
}

export function EmployeePage(props: { locale: Locale; orgName: string; report: Report; row: ReportRow; weeks: WeekPoint[]; evidence: Evidence; timeZone: string; own: boolean }) {
  const m = M[props.locale];
  return (
    <Shell locale={props.locale} title={props.row.employee.displayName} orgName={props.orgName}>
      <p><a href={`/team?from=${props.report.period.from}&to=${props.report.period.to}&lang=${props.locale}`}>← {m.back}</a></p>
      <h1>
        {props.row.employee.displayName} <span class="muted">{props.row.employee.employeeNo} · {props.row.employee.unitName}</span>
      </h1>
      <PeriodLine m={m} report={props.report} />
      <Detail m={m} report={props.report} row={props.row} weeks={props.weeks} locale={props.locale} />
      <EvidenceList m={m} evidence={props.evidence} timeZone={props.timeZone} locale={props.locale} />
    </Shell>
  );
}

export function MyNumbersPage(props: { locale: Locale; orgName: string; report: Report; row: ReportRow; weeks: WeekPoint[]; evidence: Evidence; timeZone: string; own: boolean }) {
  const m = M[props.locale];
  return (
    <Shell locale={props.locale} title={m.myNumbers} orgName={props.orgName}>
      <nav class="tabs">
        <a href="/me">{m.feed}</a>
        <a href="/wall">♥</a>
      </nav>
      <h1>{m.myNumbers}</h1>
      <PeriodLine m={m} report={props.report} />
      <Detail m={m} report={props.report} row={props.row} weeks={props.weeks} locale={props.locale} />
      <details style="margin-top:1rem">
        <summary>{m.how}</summary>
        <p class="muted">{m.howText.replace('{k}', String(props.report.scoring.priorStrength)).replace('{min}', String(props.report.scoring.minCards))}</p>
      </details>
      <EvidenceList m={m} evidence={props.evidence} timeZone={props.timeZone} locale={props.locale} />
    </Shell>
  );
}
