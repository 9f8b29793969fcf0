/** @jsxImportSource hono/jsx */
/**
 * The staff member's phone page (`/me`) and the praise wall (`/wall`): server-rendered, no
 * JavaScript. Praise letters come first on `/me`, styled as letters.
 */
import type { Role } from '../../db/schema.ts';
import type { Locale, MessageKey, Translate } from '../../lib/i18n.ts';
import { Layout } from '../../ui/layout.tsx';
import type { FeedCardItem, FeedItem, FeedPraiseItem, WallItem } from './store.ts';

/** Page styles on top of the shared layout CSS. Colours keep WCAG AA contrast on their backgrounds. */
export const FEED_CSS = `
h2{font-size:1.15rem;line-height:1.3;margin:1.6rem 0 .7rem}
.nav{display:flex;gap:.35rem;margin:.7rem 0 1rem;padding:.3rem;background:var(--soft);border-radius:.8rem}
.nav>*{flex:1 1 0;min-width:0}
.nav a,.nav button{display:flex;align-items:center;justify-content:center;min-height:2.75rem;padding:.35rem .15rem;border-radius:.6rem;font-size:.9rem;font-weight:600;text-align:center;text-decoration:none;line-height:1.2}
.nav a{color:var(--accent)}
.nav a[aria-current=page]{background:var(--bg);color:var(--fg);box-shadow:0 1px 2px rgba(0,0,0,.15)}
.nav form{margin:0;display:flex}
.nav button{width:100%;background:transparent;color:var(--muted);border:0;font-weight:600}
.nav button:hover,.nav a:hover{text-decoration:underline}
.status{display:flex;align-items:center;justify-content:space-between;gap:.8rem;background:var(--soft);border-radius:.7rem;padding:.6rem .8rem;margin:.6rem 0 1rem}
.status p{margin:0;font-weight:600}
.status form{margin:0;flex:none}
.btn2{width:auto;min-height:2.75rem;padding:.45rem .9rem;background:var(--bg);color:var(--accent);border:2px solid var(--accent);font-size:.95rem}
.new{display:inline-block;background:#a4262c;color:#fff;font-size:.75rem;font-weight:700;line-height:1;padding:.3rem .5rem;border-radius:1rem;letter-spacing:.02em}
.meta{display:flex;flex-wrap:wrap;align-items:center;gap:.35rem .6rem;font-size:.85rem;color:var(--muted);margin:0}
.meta .kind{font-weight:700;color:var(--fg)}
.list{list-style:none;margin:0;padding:0}
.letter{background:#fffaf0;border:1px solid #e3d3ad;border-radius:.8rem;padding:1rem 1.1rem .9rem;margin:0 0 1rem;box-shadow:0 1px 3px rgba(80,60,20,.12)}
.letter.unread{border-color:#a4262c}
.letter .body{white-space:pre-wrap;font-size:1.05rem;line-height:1.75;margin:.6rem 0 .7rem}
.letter .sig{text-align:right;font-weight:600;margin:0}
.letter .to{font-weight:700;margin:0 0 .2rem}
.item{border:1px solid #c9ced6;border-radius:.8rem;padding:.8rem 1rem;margin:0 0 .8rem}
.item.unread{border-left:5px solid #a4262c}
.item .overall{font-weight:700;margin:.45rem 0 .2rem}
.stars{color:#8a5a00;letter-spacing:.08em;margin-right:.3rem}
.ratings{display:grid;grid-template-columns:auto auto;justify-content:start;gap:.1rem 1rem;margin:.3rem 0;font-size:.92rem}
.ratings dt{color:var(--muted)}.ratings dd{margin:0;font-weight:600}
.tags{display:flex;flex-wrap:wrap;gap:.35rem;margin:.4rem 0 0;padding:0;list-style:none}
.tags li{font-size:.82rem;background:var(--soft);border-radius:1rem;padding:.2rem .6rem}
.comment{white-space:pre-wrap;margin:.6rem 0 0;padding:.1rem 0 .1rem .75rem;border-left:3px solid var(--line)}
.ref{border:1px dashed #c9a862;background:#fffdf7;border-radius:.8rem;padding:.6rem 1rem;margin:0 0 .8rem}
.pager{display:flex;justify-content:space-between;gap:1rem;margin:1.2rem 0 0}
.pager a{display:inline-flex;align-items:center;min-height:2.75rem;font-weight:600}
.empty{color:var(--muted)}
`;

export interface PageChrome {
  locale: Locale;
  t: Translate;
  orgName: string;
  timeZone: string;
  role: Role;
  csrf: string;
}

/** `path` with `params` appended (undefined ones left out). */
export function href(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, val] of Object.entries(params)) if (val !== undefined) q.set(k, val);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * The organization's local time, 24-hour (recent ICU data renders the Korean 12-hour marker as
 * "PM" rather than 오후): "2026년 11월 20일 15:05", "20 Nov 2026, 15:05".
 */
export function formatTime(d: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

function Time(props: { at: Date; chrome: PageChrome }) {
  return <time datetime={props.at.toISOString()}>{formatTime(props.at, props.chrome.locale, props.chrome.timeZone)}</time>;
}

function Top(props: { chrome: PageChrome; switchHref: string }) {
  const other: Locale = props.chrome.locale === 'ko' ? 'en' : 'ko';
  return (
    <div class="top">
      <span>{props.chrome.orgName}</span>
      <a href={props.switchHref} lang={other} hreflang={other}>
        {props.chrome.t('lang.switch')}
      </a>
    </div>
  );
}

function Nav(props: { chrome: PageChrome; current: 'feed' | 'wall' }) {
  const { t, locale, role, csrf } = props.chrome;
  return (
    <nav class="nav" aria-label="mirrorcard">
      {role === 'staff' ? (
        <a href={href('/me', { lang: locale })} aria-current={props.current === 'feed' ? 'page' : undefined}>
          {t('nav.feed')}
        </a>
      ) : null}
      <a href={href('/wall', { lang: locale })} aria-current={props.current === 'wall' ? 'page' : undefined}>
        {t('nav.wall')}
      </a>
      <form method="post" action="/logout">
        <input type="hidden" name="_csrf" value={csrf} />
        <button type="submit">{t('nav.logout')}</button>
      </form>
    </nav>
  );
}

function NewBadge(props: { t: Translate; show: boolean }) {
  return props.show ? <span class="new">{props.t('feed.new')}</span> : null;
}

function Signature(props: { t: Translate; signature: string | null }) {
  return <p class="sig">{props.t('feed.from', { name: props.signature ?? props.t('feed.unsigned') })}</p>;
}

function PraiseLetter(props: { item: FeedPraiseItem; chrome: PageChrome; anchor?: boolean }) {
  const { item, chrome } = props;
  const { t } = chrome;
  return (
    <article class={item.unread ? 'letter unread' : 'letter'} id={props.anchor ? `praise-${item.id}` : undefined} data-kind="praise">
      <p class="meta">
        <NewBadge t={t} show={item.unread} />
        <span class="kind">{t('feed.kind.praise')}</span>
        <span>{item.touchpoint.name}</span>
        <Time at={item.createdAt} chrome={chrome} />
      </p>
      <p class="body">{item.body}</p>
      <Signature t={t} signature={item.signature} />
      {item.shared ? (
        <p class="meta" style="margin-top:.4rem">
          {t('feed.shared')}
        </p>
      ) : null}
    </article>
  );
}

function problemKey(p: FeedCardItem['problem']): MessageKey | undefined {
  if (!p) return undefined;
  if (!p.had) return 'feed.problem.none';
  if (p.resolved === true) return 'feed.problem.resolved';
  if (p.resolved === false) return 'feed.problem.unresolved';
  return 'feed.problem.had';
}

function CommentCard(props: { item: FeedCardItem; chrome: PageChrome }) {
  const { item, chrome } = props;
  const { t, locale } = chrome;
  const problem = problemKey(item.problem);
  const tags: string[] = [];
  if (item.about) tags.push(t(`feed.about.${item.about}`));
  if (problem) tags.push(t(problem));
  return (
    <article class={item.unread ? 'item unread' : 'item'} data-kind="card">
      <p class="meta">
        <NewBadge t={t} show={item.unread} />
        <span class="kind">{t('feed.kind.card')}</span>
        <span>{item.touchpoint.name}</span>
        <Time at={item.createdAt} chrome={chrome} />
      </p>
      <p class="overall">
        <span class="stars" aria-hidden="true">
          {'★'.repeat(item.overall) + '☆'.repeat(Math.max(0, 5 - item.overall))}
        </span>
        {t('feed.overall', { n: item.overall })}
      </p>
      {item.ratings.length ? (
        <dl class="ratings" aria-label={t('feed.ratings')}>
          {item.ratings.map((r) => (
            <>
              <dt>{r.label[locale]}</dt>
              <dd>{r.value}/5</dd>
            </>
          ))}
        </dl>
      ) : null}
      {tags.length ? (
        <ul class="tags">
          {tags.map((s) => (
            <li>{s}</li>
          ))}
        </ul>
      ) : null}
      {item.comment ? <p class="comment">{item.comment}</p> : null}
    </article>
  );
}

export interface FeedView {
  items: FeedItem[];
  unread: number;
  /** The encoded cursor of the next page, if any. */
  nextCursor: string | null;
}

export function StaffFeedPage(props: {
  chrome: PageChrome;
  displayName: string;
  feed: FeedView;
  /** Newest praise letters for the top section (first page only). */
  praise: FeedPraiseItem[];
  /** The cursor of this page (not the first page). */
  cursor: string | undefined;
}) {
  const { chrome, feed, praise } = props;
  const { t, locale } = chrome;
  const other: Locale = locale === 'ko' ? 'en' : 'ko';
  const above = new Set(praise.map((p) => p.id));
  return (
    <Layout locale={locale} title={`${t('nav.feed')} · mirrorcard`} head={<style dangerouslySetInnerHTML={{ __html: FEED_CSS }} />}>
      <Top chrome={chrome} switchHref={href('/me', { lang: other, cursor: props.cursor })} />
      <Nav chrome={chrome} current="feed" />
      <h1>{t('feed.title')}</h1>
      <p class="lead">{t('feed.hello', { name: props.displayName })}</p>
      <div class="status">
        <p role="status">{feed.unread > 0 ? t('feed.unread', { n: feed.unread }) : t('feed.allRead')}</p>
        {feed.unread > 0 ? (
          <form method="post" action={href('/me/read', { lang: locale })}>
            <input type="hidden" name="_csrf" value={chrome.csrf} />
            <button type="submit" class="btn2">
              {t('feed.markRead')}
            </button>
          </form>
        ) : null}
      </div>

      {praise.length ? (
        <section aria-labelledby="praise-h">
          <h2 id="praise-h">{t('feed.praise')}</h2>
          {praise.map((p) => (
            <PraiseLetter item={p} chrome={chrome} anchor />
          ))}
        </section>
      ) : null}

      <section aria-labelledby="all-h">
        <h2 id="all-h">{t('feed.all')}</h2>
        {feed.items.length === 0 ? <p class="empty">{t('feed.empty')}</p> : null}
        <ol class="list">
          {feed.items.map((item) => (
            <li>
              {item.kind === 'card' ? (
                <CommentCard item={item} chrome={chrome} />
              ) : above.has(item.id) ? (
                <p class="ref meta">
                  <NewBadge t={t} show={item.unread} />
                  <a href={`#praise-${item.id}`}>{t('feed.praiseAbove')}</a>
                  <Time at={item.createdAt} chrome={chrome} />
                </p>
              ) : (
                <PraiseLetter item={item} chrome={chrome} />
              )}
            </li>
          ))}
        </ol>
        <div class="pager">
          {props.cursor ? <a href={href('/me', { lang: locale })}>{t('feed.first')}</a> : <span />}
          {feed.nextCursor ? (
            <a href={href('/me', { lang: locale, cursor: feed.nextCursor })} rel="next">
              {t('feed.more')} →
            </a>
          ) : null}
        </div>
      </section>
    </Layout>
  );
}

export function WallPageView(props: { chrome: PageChrome; items: WallItem[]; nextCursor: string | null; cursor: string | undefined }) {
  const { chrome } = props;
  const { t, locale } = chrome;
  const other: Locale = locale === 'ko' ? 'en' : 'ko';
  return (
    <Layout locale={locale} title={`${t('wall.title')} · mirrorcard`} head={<style dangerouslySetInnerHTML={{ __html: FEED_CSS }} />}>
      <Top chrome={chrome} switchHref={href('/wall', { lang: other, cursor: props.cursor })} />
      <Nav chrome={chrome} current="wall" />
      <h1>{t('wall.title')}</h1>
      <p class="lead">{t('wall.intro')}</p>
      {props.items.length === 0 ? <p class="empty">{t('wall.empty')}</p> : null}
      <ol class="list">
        {props.items.map((item) => (
          <li>
            <article class="letter" data-kind="praise">
              <p class="to">{t('wall.to', { name: item.employee.displayName })}</p>
              <p class="meta">
                <Time at={item.createdAt} chrome={chrome} />
              </p>
              <p class="body">{item.body}</p>
              <Signature t={t} signature={item.signature} />
            </article>
          </li>
        ))}
      </ol>
      <div class="pager">
        {props.cursor ? <a href={href('/wall', { lang: locale })}>{t('feed.first')}</a> : <span />}
        {props.nextCursor ? (
          <a href={href('/wall', { lang: locale, cursor: props.nextCursor })} rel="next">
            {t('wall.more')} →
          </a>
        ) : null}
      </div>
    </Layout>
  );
}
