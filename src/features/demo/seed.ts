/**
 * The demo organization: 한빛 리조트 Hanbit Resort, a golf club (caddies in two teams) and a hotel
 * (front desk, concierge), with 90 days of comment cards and praise letters ending at `now`.
 *
 * Every submission goes through the real customer path (`submitCard` / `submitPraise`, after the
 * same valibot schemas as the API) with a clock moved to its time, so rollups and flags see what
 * customers would have produced. A seeded PRNG makes the demo reproducible: the same seed and `now`
 * give the same rows, apart from the touchpoint codes (CSPRNG, by design).
 *
 * Seeded patterns, for the coaching features to find:
 * - three employees with poor person-related cards on several days of the last 30 days;
 * - one otherwise excellent employee with five poor person-related cards on one day, 10 days ago;
 * - a process problem at the Clubhouse (waiting, parking) over the last four weeks, about no one.
 * Apart from these, a low card in the last 30 days is never about a person, so the patterns stand out.
 */
import { count } from 'drizzle-orm';
import * as v from 'valibot';
import { createStores } from '../../app.ts';
import type { Role } from '../../db/schema.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { fixedClock } from '../../clock.ts';
import type { Db } from '../../db/client.ts';
import { organizations, type About, type Locale, type TemplateDimension, type UnitKind } from '../../db/schema.ts';
import { CardInputSchema, PraiseInputSchema, type CardInput, type PraiseInput } from '../feedback/schemas.ts';
import { submitCard, submitPraise, type FeedbackDeps, type SubmitOptions } from '../feedback/service.ts';
import type { TouchpointContext } from '../touchpoints/store.ts';

export interface DemoManifest {
  org: { slug: string; name: string };
  touchpoints: { code: string; name: string; employeeId: number | null }[];
  employees: { id: number; displayName: string; unit: string }[];
  /** Sign-in accounts for the demo; none until accounts exist. */
  users: { email: string; password: string; role: string; org: string }[];
  /** The employees behind the seeded coaching patterns (see the module comment). */
  patterns: { persistentNegative: number[]; singleBadDay: number };
}

export const DEMO_ORG = {
  slug: 'hanbit-resort',
  name: '한빛 리조트 Hanbit Resort',
  timeZone: 'Asia/Seoul',
  defaultLocale: 'ko',
} as const;

/** Days of history, ending with the day of `now`. */
export const DEMO_DAYS = 90;
/** The window the coaching patterns live in. */
const RECENT_DAYS = 30;
/** How many local days before `now` the single bad day falls. */
export const BAD_DAY_OFFSET = 10;

/** True when the database holds no organization (the demo seeds only an empty database). */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = db.select({ n: count() }).from(organizations).get();
  return (row?.n ?? 0) === 0;
}

// ---------------------------------------------------------------------------------------------
// Randomness: mulberry32 and small helpers. Never Math.random, so a seed reproduces the demo.

type Rng = () => number;

/** mulberry32: a tiny 32-bit PRNG; fine for demo data, never for secrets. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const chance = (rng: Rng, p: number): boolean => rng() < p;
/** A whole number from lo to hi, both included. */
const between = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));
const clamp = (n: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, n));

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** n distinct items, in random order. */
function sample<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(...pool.splice(Math.floor(rng() * pool.length), 1));
  return out;
}

function weightedPick<T>(rng: Rng, items: readonly T[], weight: (item: T) => number): T {
  const total = items.reduce((sum, item) => sum + weight(item), 0);
  let r = rng() * total;
  for (const item of items) {
    r -= weight(item);
    if (r < 0) return item;
  }
  return pick(rng, items);
}

/** Knuth's Poisson sampler; means here are small. */
function poisson(rng: Rng, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}

// ---------------------------------------------------------------------------------------------
// Local days and wall-clock times in the organization's time zone.

interface Day {
  y: number;
  m: number;
  d: number;
}

function addDays(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

const weekday = (day: Day): number => new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();

function zone(timeZone: string) {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const wall = (ms: number) => {
    const parts = fmt.formatToParts(ms);
    const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
    return { y: n('year'), m: n('month'), d: n('day'), h: n('hour'), mi: n('minute'), s: n('second') };
  };
  // Offsets change only at quarter-hour instants, so one look-up per quarter hour is exact.
  const QUARTER_HOUR = 15 * 60 * 1000;
  const offsets = new Map<number, number>();
  const offset = (ms: number): number => {
    const bucket = Math.floor(ms / QUARTER_HOUR) * QUARTER_HOUR;
    let known = offsets.get(bucket);
    if (known === undefined) {
      const w = wall(bucket);
      known = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - bucket;
      offsets.set(bucket, known);
    }
    return known;
  };
  return {
    dayOf(ms: number): Day {
      const { y, m, d } = wall(ms);
      return { y, m, d };
    },
    /** UTC epoch ms of a wall-clock time (seconds after local midnight); two passes handle DST. */
    at(day: Day, seconds: number): number {
      const asUtc = Date.UTC(day.y, day.m - 1, day.d) + seconds * 1000;
      return asUtc - offset(asUtc - offset(asUtc));
    },
  };
}

type Zone = ReturnType<typeof zone>;
type Venue = 'golf' | 'hotel';

/** When customers fill in cards: [from, to) in minutes after local midnight, with a weight. */
const HOURS: Record<Venue, readonly (readonly [number, number, number])[]> = {
  // Open 06:00–18:00; most cards come as rounds finish around midday.
  golf: [
    [6 * 60, 18 * 60, 0.4],
    [10 * 60 + 30, 14 * 60 + 30, 0.6],
  ],
  // Desk 07:00–23:00, busiest at check-out and check-in.
  hotel: [
    [7 * 60, 23 * 60, 0.3],
    [9 * 60, 12 * 60, 0.35],
    [15 * 60, 20 * 60, 0.35],
  ],
};

function timeOn(rng: Rng, tz: Zone, day: Day, venue: Venue): number {
  const [from, to] = weightedPick(rng, HOURS[venue], (w) => w[2]);
  return tz.at(day, between(rng, from, to - 1) * 60 + between(rng, 0, 59));
}

// ---------------------------------------------------------------------------------------------
// The organization: units, people, templates.

type UnitKey = 'golf' | 'caddies' | 'teamA' | 'teamB' | 'hotel' | 'desk' | 'concierge';

const UNITS: readonly { key: UnitKey; name: string; kind: UnitKind; parent?: UnitKey }[] = [
  { key: 'golf', name: 'Golf Club 골프클럽', kind: 'property' },
  { key: 'caddies', name: 'Caddies 캐디', kind: 'department', parent: 'golf' },
  { key: 'teamA', name: 'Team A', kind: 'team', parent: 'caddies' },
  { key: 'teamB', name: 'Team B', kind: 'team', parent: 'caddies' },
  { key: 'hotel', name: 'Hotel 호텔', kind: 'property' },
  { key: 'desk', name: 'Front Desk 프런트', kind: 'department', parent: 'hotel' },
  { key: 'concierge', name: 'Concierge 컨시어지', kind: 'department', parent: 'hotel' },
];

type Pattern = 'persistent' | 'badDay';

interface Member {
  no: string;
  fullName: string;
  displayName: string;
  /** How customers address them in comments and letters. */
  call: Record<Locale, string>;
  unit: UnitKey;
  venue: Venue;
  pattern?: Pattern;
}

/** [full name, given name, romanized]; the caddie's number is their place in the list. */
const CADDIES: readonly (readonly [string, string, string])[] = [
  ['김지은', '지은', 'Jieun'], ['이수진', '수진', 'Sujin'], ['박민지', '민지', 'Minji'],
  ['최유나', '유나', 'Yuna'], ['정하은', '하은', 'Haeun'], ['강서영', '서영', 'Seoyoung'],
  ['조은비', '은비', 'Eunbi'], ['윤혜린', '혜린', 'Hyerin'], ['장미경', '미경', 'Mikyung'],
  ['임소연', '소연', 'Soyeon'], ['한지혜', '지혜', 'Jihye'], ['오세라', '세라', 'Sera'],
  ['서나래', '나래', 'Narae'], ['신예진', '예진', 'Yejin'], ['권보람', '보람', 'Boram'],
  ['황다은', '다은', 'Daeun'], ['안수빈', '수빈', 'Subin'], ['송가영', '가영', 'Gayoung'],
];
const CADDIE_PATTERNS: Readonly<Record<number, Pattern>> = { 5: 'persistent', 14: 'persistent', 11: 'badDay' };

/** [full name, display name, romanized, unit]; some front-desk staff go by an English name. */
const HOTEL_STAFF: readonly (readonly [string, string, string, UnitKey])[] = [
  ['이서연', '서연', 'Seoyeon', 'desk'], ['박준호', '준호', 'Junho', 'desk'], ['김도윤', '도윤', 'Doyun', 'desk'],
  ['정유진', '유진', 'Yujin', 'desk'], ['최민수', '민수', 'Minsu', 'desk'], ['이도현', 'Daniel', 'Daniel', 'desk'],
  ['한예린', '예린', 'Yerin', 'desk'], ['강태민', '태민', 'Taemin', 'desk'], ['최은혜', 'Grace', 'Grace', 'desk'],
  ['오지훈', '지훈', 'Jihoon', 'concierge'], ['문하늘', '하늘', 'Haneul', 'concierge'], ['배성민', '성민', 'Sungmin', 'concierge'],
];
const HOTEL_PATTERNS: Readonly<Record<number, Pattern>> = { 4: 'persistent' };

function roster(): Member[] {
  const caddies = CADDIES.map(([fullName, given, en], i): Member => {
    const bib = i + 1;
    return {
      no: `C-${String(bib).padStart(3, '0')}`,
      fullName,
      displayName: `${given} (${bib}번)`,
      call: { ko: `${given} 캐디님`, en },
      unit: bib <= CADDIES.length / 2 ? 'teamA' : 'teamB',
      venue: 'golf',
      ...(CADDIE_PATTERNS[bib] ? { pattern: CADDIE_PATTERNS[bib] } : {}),
    };
  });
  const hotel = HOTEL_STAFF.map(([fullName, displayName, en, unit], i): Member => ({
    no: `H-${String(i + 1).padStart(3, '0')}`,
    fullName,
    displayName,
    call: { ko: `${displayName}님`, en },
    unit,
    venue: 'hotel',
    ...(HOTEL_PATTERNS[i + 1] ? { pattern: HOTEL_PATTERNS[i + 1] } : {}),
  }));
  return [...caddies, ...hotel];
}

/** Every template has `courtesy` (what person-related cards rate low) and one process dimension. */
const PERSON_KEY = 'courtesy';
type TemplateKey = 'standard' | 'golf';
const TEMPLATES: Record<TemplateKey, { dimensions: TemplateDimension[]; processKey: string }> = {
  standard: {
    dimensions: [
      { key: 'courtesy', label: { ko: '친절', en: 'Courtesy' } },
      { key: 'knowledge', label: { ko: '전문성', en: 'Knowledge' } },
      { key: 'speed', label: { ko: '신속성', en: 'Speed' } },
    ],
    processKey: 'speed',
  },
  golf: {
    dimensions: [
      { key: 'courtesy', label: { ko: '친절', en: 'Courtesy' } },
      { key: 'course_advice', label: { ko: '코스 안내', en: 'Course advice' } },
      { key: 'pace', label: { ko: '진행', en: 'Pace of play' } },
    ],
    processKey: 'pace',
  },
};

// ---------------------------------------------------------------------------------------------
// Phrase banks. `{name}` is replaced by how the customer calls the employee.

interface CardPhrases {
  /** Praise of the person (overall 4–5). */
  person: readonly string[];
  /** Praise of the place or the process (overall 4–5). */
  place: readonly string[];
  neutral: readonly string[];
  /** Complaints about the process. */
  process: readonly string[];
  /** Complaints about the person. */
  rude: readonly string[];
}

const CARD_PHRASES: Record<Venue, Record<Locale, CardPhrases>> = {
  golf: {
    ko: {
      person: [
        '{name} 덕분에 즐거운 라운딩이었습니다.', '그린 읽어주시는 게 정확했어요.',
        '거리 안내가 정확해서 클럽 선택이 쉬웠어요.', '초보인데도 끝까지 친절하게 알려주셔서 감사했습니다.',
        '밝게 웃어주셔서 하루 종일 기분이 좋았어요.', '공 찾아주시느라 고생 많으셨어요. 감사합니다!',
        '{name} 진행이 매끄러워서 편하게 쳤습니다.', '캐디님 최고! 다음에도 꼭 같이 돌고 싶어요.',
      ],
      place: ['코스 관리가 정말 잘 되어 있어요.', '그린 상태가 최고였습니다.', '경치가 너무 좋아서 또 오고 싶어요.', '진행이 밀리지 않아서 좋았습니다.'],
      neutral: ['무난했어요.', '진행이 조금 느렸지만 괜찮았습니다.', '전반적으로 괜찮았는데 그늘집이 좀 비싸요.', '보통이었어요.'],
      process: [
        '주차장이 너무 멀어요.', '티오프가 30분 넘게 지연됐어요.', '앞 팀 때문에 홀마다 기다렸어요.',
        '카트 배터리가 중간에 나갔어요.', '그늘집 음식이 너무 비싸요.', '락커룸이 좁고 붐볐어요.',
      ],
      rude: [
        '불친절했어요.', '거리 안내가 계속 틀렸어요.', '라운딩 내내 무성의했어요.',
        '공 찾는 데 전혀 도와주지 않았어요.', '저희끼리 이야기하는데 짜증을 내셨어요.', '초보라고 무시하는 느낌을 받았습니다.',
      ],
    },
    en: {
      person: [
        'Great caddie, {name} read the greens perfectly.', 'Made our first round in Korea really memorable.',
        'Very patient with the beginners in our group.', 'Spot-on yardages and club advice all day.',
        '{name} kept us on pace without ever rushing us.',
      ],
      place: ['Beautiful course, greens in great shape.', 'Lovely views and a smooth pace of play.', 'Well-kept fairways, would come back.'],
      neutral: ['Pace was a bit slow but fine overall.', 'OK round, nothing special.', 'Decent, but the halfway house is overpriced.'],
      process: [
        'The wait at the starter was 40 minutes.', 'Parking lot is a long walk from the clubhouse.',
        'Tee times ran an hour behind.', 'Nobody at the bag drop when we arrived.', 'Cart battery died on the 14th hole.',
      ],
      rude: ['Rude and impatient with our group.', 'Kept giving wrong yardages.', 'Seemed annoyed the whole round.', 'Did not help us look for balls at all.'],
    },
  },
  hotel: {
    ko: {
      person: [
        '체크인할 때 {name}이 정말 친절하게 안내해 주셨어요.', '{name} 덕분에 기분 좋게 체크인했어요.',
        '늦은 밤에도 웃으며 도와주셨습니다.', '객실 업그레이드 감사합니다!', '주변 맛집 추천이 최고였어요.',
        '아이들에게도 다정하게 대해주셔서 감사했어요.', '{name}이 짐까지 챙겨주셔서 편했습니다.',
      ],
      place: ['로비가 깨끗하고 분위기가 좋아요.', '체크인이 빠르고 간편했어요.', '객실 전망이 정말 좋았습니다.', '조식이 맛있었어요.'],
      neutral: ['무난했어요.', '체크인은 괜찮았는데 조금 기다렸어요.', '보통이었습니다.', '친절했지만 안내가 조금 부족했어요.'],
      process: [
        '체크인 대기 줄이 너무 길었어요.', '객실 준비가 늦어서 한 시간 기다렸습니다.', '엘리베이터가 너무 느려요.',
        '와이파이가 자주 끊겼어요.', '주차 안내가 전혀 없었어요.',
      ],
      rude: [
        '불친절했어요.', '체크인 때 퉁명스럽게 대하셨어요.', '질문에 제대로 대답해 주지 않았어요.',
        '예약 내용을 확인해 달라고 했는데 귀찮아하셨어요.', '말투가 너무 무례했습니다.',
      ],
    },
    en: {
      person: [
        'Check-in took forever but {name} was lovely.', '{name} was super helpful with our late check-out.',
        'Great restaurant recommendations!', 'Friendly and efficient, thank you.',
        '{name} remembered our names the next morning. Lovely touch.',
      ],
      place: ['Smooth check-in, beautiful lobby.', 'Great view from our room.', 'Clean, quiet and comfortable.'],
      neutral: ['Fine, but check-in was a little slow.', 'Average stay.', 'OK overall.'],
      process: ['Check-in queue was 30 minutes long.', "Room wasn't ready until 5pm.", 'Wi-Fi kept dropping.', 'Nobody answered the front desk phone.'],
      rude: ['Rude at check-in.', 'Dismissive when we asked about our booking.', 'Unfriendly and clearly did not want to help.'],
    },
  },
};

/** The Clubhouse's process problem: waiting and parking. */
const CLUBHOUSE_ISSUE: Record<Locale, readonly string[]> = {
  ko: [
    '클럽하우스 체크인 대기가 너무 길어요.', '주차장이 너무 멀어요.', '주차 자리가 없어서 20분을 돌았어요.',
    '스타트 하우스에서 40분 기다렸습니다.', '프런트에 직원이 한 명뿐이라 줄이 길었어요.', '셔틀 카트가 안 와서 주차장에서 한참 걸었어요.',
  ],
  en: [
    'The wait at the starter was 40 minutes.', 'Parking was full, we had to park by the road.',
    'Long queue at clubhouse check-in, only one person working.', 'The parking lot is far and there was no shuttle.',
  ],
};

const LETTERS: Record<Venue, Record<Locale, { open: readonly string[]; middle: readonly string[]; close: readonly string[] }>> = {
  golf: {
    ko: {
      open: ['{name}, 지난 주말 라운딩 정말 감사했습니다.', '{name}께 꼭 감사 인사를 드리고 싶어서 글을 남깁니다.', '{name}, 덕분에 잊지 못할 하루였어요.'],
      middle: [
        '처음 필드에 나간 아내에게 끝까지 웃으며 알려주셨어요.', '비가 오는데도 한 홀 한 홀 꼼꼼히 챙겨주셨습니다.',
        '덕분에 생애 첫 버디를 했습니다!', '아버지 칠순 기념 라운딩이었는데 가족 모두 행복한 시간이었어요.',
        '그린 라인을 읽어주시는 솜씨가 정말 프로 같았어요.', '저희가 늦어져도 재촉하지 않고 여유 있게 이끌어 주셨어요.',
      ],
      close: ['다음에 오면 꼭 다시 뵙고 싶어요.', '항상 건강하시고 행복하세요.', '정말 감사합니다!'],
    },
    en: {
      open: ['Dear {name}, thank you for making our round so special.', '{name}, we just wanted to say thank you.', 'To {name}: you made our trip.'],
      middle: [
        "You were so patient with my dad, who hadn't played in years.", 'Your reads on the greens saved us a lot of strokes.',
        'I made my first ever birdie thanks to your advice!', 'Even in the rain you kept everyone smiling.',
        'You somehow found every ball we lost in the trees.',
      ],
      close: ["We'll ask for you next time.", 'Thank you so much!', 'All the best to you.'],
    },
  },
  hotel: {
    ko: {
      open: ['{name}, 체크인부터 체크아웃까지 정말 감사했습니다.', '{name}께 감사의 마음을 전합니다.', '{name}, 덕분에 편안한 여행이 되었어요.'],
      middle: [
        '늦은 밤 도착했는데도 환하게 맞아주셨어요.', '아이가 아팠을 때 근처 병원까지 알아봐 주셔서 큰 힘이 되었습니다.',
        '결혼기념일이라고 말씀드렸더니 작은 케이크까지 준비해 주셨어요.', '잃어버린 지갑을 찾아주셔서 정말 감사했습니다.',
        '부모님을 모시고 간 여행이었는데 세심하게 배려해 주셨어요.',
      ],
      close: ['다음에 또 묵을게요.', '항상 행복하세요.', '정말 감사합니다!'],
    },
    en: {
      open: ['Dear {name}, thank you for a wonderful stay.', '{name}, I wanted to say a proper thank you.', 'To {name}: thank you!'],
      middle: [
        'You found my lost passport within an hour.', 'You remembered our names from the second day on.',
        'Your restaurant tips made our trip.', 'When our flight was cancelled you rebooked our room without any fuss.',
        'You arranged a birthday surprise for my wife, and she loved it.',
      ],
      close: ["We'll be back.", 'Thank you so much!', 'You are a credit to the hotel.'],
    },
  },
};

const SIGNATURES: Record<Locale, readonly string[]> = {
  ko: ['김OO 드림', '박OO 가족 드림', '부산에서 온 이OO', '정OO 올림', '최OO 부부 드림'],
  en: ['The Parkers from Busan', 'Emma & Tom', 'A grateful guest from Singapore', 'J. Kim', 'The Wilson family'],
};

const EMAIL_NAMES = ['minji.kim', 'jhpark88', 'sarah.lee', 'dkchoi', 'hyewon.j', 'tom.baker', 'yuna0412', 'sjlee.golf'];

// ---------------------------------------------------------------------------------------------
// Cards and letters.

interface Staff {
  id: number;
  member: Member;
  unitName: string;
  /** Mean overall rating their cards centre on. */
  quality: number;
}

/** A touchpoint as the generator sees it. */
interface Spot {
  ctx: TouchpointContext;
  venue: Venue;
  processKey: string;
  /** The bound employee, or null for a counter where customers may pick one. */
  staff: Staff | null;
  pickFrom: Staff[];
  pickRate: number;
  /** Mean overall rating when no employee is named. */
  mean: number;
  /** Mean cards per day on quiet and busy days (bound touchpoints: per working day). */
  perDay: readonly [number, number];
}

type Planned = { at: number; spot: Spot } & ({ kind: 'card'; input: CardInput } | { kind: 'praise'; input: PraiseInput });

const drawLocale = (rng: Rng, venue: Venue): Locale => (chance(rng, venue === 'golf' ? 0.88 : 0.7) ? 'ko' : 'en');

/** Roughly normal around the mean (sd ≈ 0.75), rounded to a rating; a few bad experiences anyway. */
function drawOverall(rng: Rng, mean: number): number {
  if (chance(rng, 0.015)) return between(rng, 1, 2);
  const z = (rng() + rng() + rng() - 1.5) * 2;
  return clamp(Math.round(mean + 0.75 * z), 1, 5);
}

function drawAbout(rng: Rng, named: boolean): About | undefined {
  const r = rng();
  if (named) return r < 0.4 ? 'person' : r < 0.55 ? 'both' : r < 0.65 ? 'process' : undefined;
  return r < 0.5 ? 'process' : r < 0.55 ? 'person' : undefined;
}

// As the product counts them: unanswered is about the person too.
const personRelated = (about: About | undefined): boolean => about !== 'process';

/** Per-dimension ratings track the overall; on a low card the dimension the card is about is the lowest. */
function dimensionRatings(rng: Rng, spot: Spot, overall: number, about: About | undefined): Record<string, number> {
  const weak = overall > 3 ? undefined : about === 'person' ? PERSON_KEY : about === 'process' ? spot.processKey : undefined;
  const ratings: Record<string, number> = {};
  if (chance(rng, 0.1)) return ratings; // some customers answer only the overall question
  for (const { key } of spot.ctx.dimensions) {
    if (chance(rng, 0.08)) continue;
    const lift = weak !== undefined && key !== weak ? between(rng, 0, 2) : 0;
    const jitter = pick(rng, [-1, 0, 0, 0, 0, 0, 1, 1]);
    ratings[key] = clamp(overall + lift + jitter, 1, 5);
  }
  return ratings;
}

function drawProblem(rng: Rng, overall: number): CardInput['problem'] {
  const had = chance(rng, overall <= 2 ? 0.6 : overall === 3 ? 0.25 : 0.05);
  if (had) return { had: true, resolved: chance(rng, overall >= 4 ? 0.85 : overall === 3 ? 0.5 : 0.2) };
  return chance(rng, 0.3) ? { had: false } : undefined;
}

const fill = (text: string, staff: Staff | null, locale: Locale): string =>
  text.replaceAll('{name}', staff?.member.call[locale] ?? (locale === 'ko' ? '직원분' : 'the staff'));

function commentFor(rng: Rng, venue: Venue, locale: Locale, overall: number, about: About | undefined, staff: Staff | null): string {
  const bank = CARD_PHRASES[venue][locale];
  const personal = staff !== null && personRelated(about);
  const list =
    overall >= 4 ? (personal ? bank.person : bank.place)
    : overall === 3 ? bank.neutral
    : personal && (about === 'person' || chance(rng, 0.5)) ? bank.rude
    : bank.process;
  return fill(pick(rng, list), staff, locale);
}

function buildCard(
  rng: Rng,
  spot: Spot,
  staff: Staff | null,
  draft: { overall: number; about: About | undefined; bank?: Record<Locale, readonly string[]> },
): CardInput {
  const { overall, about } = draft;
  const locale = drawLocale(rng, spot.venue);
  const commented = chance(rng, overall <= 2 ? 0.8 : overall === 3 ? 0.45 : 0.3);
  const comment = commented
    ? draft.bank ? pick(rng, draft.bank[locale]) : commentFor(rng, spot.venue, locale, overall, about, staff)
    : undefined;
  const contact = comment && chance(rng, overall <= 2 ? 0.1 : 0.03) ? { email: `${pick(rng, EMAIL_NAMES)}@example.com`, consent: true } : undefined;
  return {
    overall,
    ratings: dimensionRatings(rng, spot, overall, about),
    about,
    problem: drawProblem(rng, overall),
    comment,
    // Bound touchpoints name their employee themselves; at a counter the customer picks one.
    employeeId: spot.staff === null && staff !== null ? staff.id : undefined,
    locale,
    contact,
  };
}

/** An everyday card. In the recent window a low card is never about a person (only the seeded patterns are). */
function everydayCard(rng: Rng, spot: Spot, staff: Staff | null, recent: boolean): CardInput {
  const floor = staff?.member.pattern === 'badDay' ? 4 : 1; // an excellent employee, bar one day
  const overall = Math.max(floor, drawOverall(rng, staff?.quality ?? spot.mean));
  let about = drawAbout(rng, staff !== null);
  // Older windows keep a few isolated low cards about ordinary staff (realistic, never persistent).
  if (overall <= 2 && personRelated(about) && (recent || staff?.member.pattern !== undefined || !chance(rng, 0.05))) about = 'process';
  return buildCard(rng, spot, staff, { overall, about });
}

const poorPersonCard = (rng: Rng, spot: Spot, staff: Staff): CardInput =>
  buildCard(rng, spot, staff, { overall: between(rng, 1, 2), about: 'person' });

const clubhouseIssueCard = (rng: Rng, spot: Spot): CardInput =>
  buildCard(rng, spot, null, { overall: chance(rng, 0.8) ? between(rng, 1, 2) : 3, about: 'process', bank: CLUBHOUSE_ISSUE });

function praiseLetter(rng: Rng, spot: Spot, staff: Staff): PraiseInput {
  const locale = drawLocale(rng, staff.member.venue);
  const bank = LETTERS[staff.member.venue][locale];
  const sentences = [fill(pick(rng, bank.open), staff, locale), ...sample(rng, bank.middle, between(rng, 0, 3))];
  if (chance(rng, 0.7)) sentences.push(pick(rng, bank.close));
  return {
    body: sentences.join(' '),
    employeeId: spot.staff === null ? staff.id : undefined,
    signature: chance(rng, 0.5) ? pick(rng, SIGNATURES[locale]) : undefined,
    publish: chance(rng, 0.65),
    locale,
  };
}

// ---------------------------------------------------------------------------------------------
// The 90-day plan.

interface Scene {
  rng: Rng;
  tz: Zone;
  today: Day;
  spots: Spot[];
  staff: Staff[];
  clubhouse: Spot;
}

function plan(scene: Scene): Planned[] {
  const { rng, tz, today, spots, staff, clubhouse } = scene;
  const out: Planned[] = [];
  const card = (spot: Spot, day: Day, input: CardInput) => out.push({ kind: 'card', at: timeOn(rng, tz, day, spot.venue), spot, input });
  const badgeOf = (s: Staff): Spot => required(spots.find((sp) => sp.staff === s), `badge of ${s.member.no}`);
  const deskOf = (s: Staff): Spot | undefined => spots.find((sp) => sp.pickFrom.includes(s));

  for (let offset = DEMO_DAYS - 1; offset >= 0; offset--) {
    const day = addDays(today, -offset);
    const wd = weekday(day);
    const busy: Record<Venue, boolean> = { golf: wd === 0 || wd === 6, hotel: wd === 5 || wd === 6 };
    const recent = offset < RECENT_DAYS;

    for (const spot of spots) {
      const bound = spot.staff;
      if (bound?.member.pattern === 'badDay' && offset === BAD_DAY_OFFSET) continue; // only the bad cards that day
      if (bound && !chance(rng, spot.venue === 'golf' ? (busy.golf ? 0.9 : 0.75) : 0.7)) continue; // day off
      const n = poisson(rng, spot.perDay[busy[spot.venue] ? 1 : 0]);
      for (let i = 0; i < n; i++) {
        const named = bound ?? (chance(rng, spot.pickRate) ? pick(rng, spot.pickFrom) : null);
        card(spot, day, everydayCard(rng, spot, named, recent));
      }
    }

    // The Clubhouse's waiting and parking problem, over the last four weeks.
    if (offset < 28) {
      const n = poisson(rng, busy.golf ? 3.5 : 1.6);
      for (let i = 0; i < n; i++) card(clubhouse, day, clubhouseIssueCard(rng, clubhouse));
    }

    for (let i = poisson(rng, 1.8); i > 0; i--) {
      const to = weightedPick(rng, staff, (s) => (s.quality - 3) ** 2);
      const spot = chance(rng, 0.7) ? badgeOf(to) : (deskOf(to) ?? badgeOf(to));
      out.push({ kind: 'praise', at: timeOn(rng, tz, day, to.member.venue), spot, input: praiseLetter(rng, spot, to) });
    }
  }

  // Persistent poor performers: 5–8 poor person-related cards on 4–6 days of the last four weeks.
  for (const s of staff.filter((st) => st.member.pattern === 'persistent')) {
    const days = sample(rng, Array.from({ length: 27 }, (_, i) => i + 1), between(rng, 4, 6));
    const total = clamp(days.length + between(rng, 1, 3), 5, 8);
    for (let i = 0; i < total; i++) {
      const offset = days[i] ?? pick(rng, days);
      const spot = chance(rng, 0.75) ? badgeOf(s) : (deskOf(s) ?? badgeOf(s));
      card(spot, addDays(today, -offset), poorPersonCard(rng, spot, s));
    }
  }

  // One bad day for an otherwise excellent employee.
  const bad = required(staff.find((s) => s.member.pattern === 'badDay'), 'bad-day employee');
  for (let i = 0; i < 5; i++) card(badgeOf(bad), addDays(today, -BAD_DAY_OFFSET), poorPersonCard(rng, badgeOf(bad), bad));

  return out;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`demo seed: no ${what}`);
  return value;
}

// ---------------------------------------------------------------------------------------------

/** Fills an empty, migrated database with the demo organization and 90 days of feedback ending at `now`. */
export async function seedDemo(db: Db, opts: { now: Date; seed?: number }): Promise<DemoManifest> {
  if (!(await isEmpty(db))) throw new Error('seedDemo needs an empty database');
  const rng = mulberry32(opts.seed ?? 42);
  const stores = createStores(db);
  const clock = fixedClock(opts.now);
  const deps: FeedbackDeps = { clock, ...stores };

  const org = await stores.organizations.create({ ...DEMO_ORG });
  const units = new Map<UnitKey, { id: number; name: string }>();
  for (const u of UNITS) {
    const parentId = u.parent ? required(units.get(u.parent), u.parent).id : null;
    units.set(u.key, await stores.organizations.createUnit(org.id, { name: u.name, kind: u.kind, parentId }));
  }
  const unit = (key: UnitKey) => required(units.get(key), `unit ${key}`);

  const templates = {
    standard: await stores.templates.createVersion(org.id, 'standard', TEMPLATES.standard.dimensions),
    golf: await stores.templates.createVersion(org.id, 'golf', TEMPLATES.golf.dimensions),
  };

  const staff: Staff[] = [];
  for (const member of roster()) {
    const u = unit(member.unit);
    const e = await stores.employees.create(org.id, {
      unitId: u.id,
      employeeNo: member.no,
      displayName: member.displayName,
      fullName: member.fullName,
    });
    const quality = member.pattern === 'persistent' ? 3.6 : member.pattern === 'badDay' ? 4.75 : 4.05 + rng() * 0.55;
    staff.push({ id: e.id, member, unitName: u.name, quality });
  }

  const manifestTouchpoints: DemoManifest['touchpoints'] = [];
  const spots: Spot[] = [];
  const addSpot = async (
    input: { unit: UnitKey; template: TemplateKey; name: string; staff?: Staff },
    shape: Pick<Spot, 'venue' | 'pickFrom' | 'pickRate' | 'mean' | 'perDay'>,
  ): Promise<Spot> => {
    const tp = await stores.touchpoints.create(org.id, {
      unitId: unit(input.unit).id,
      templateId: templates[input.template].id,
      name: input.name,
      employeeId: input.staff?.id ?? null,
    });
    manifestTouchpoints.push({ code: tp.code, name: tp.name, employeeId: tp.employeeId });
    const ctx = required(await stores.touchpoints.findActiveByCode(tp.code), `touchpoint ${tp.name}`);
    const spot: Spot = { ctx, processKey: TEMPLATES[input.template].processKey, staff: input.staff ?? null, ...shape };
    spots.push(spot);
    return spot;
  };

  const inUnit = (...keys: UnitKey[]) => staff.filter((s) => keys.includes(s.member.unit));
  for (const s of inUnit('teamA', 'teamB')) {
    const bib = String(Number(s.member.no.slice(2))).padStart(2, '0');
    await addSpot(
      { unit: s.member.unit, template: 'golf', name: `캐디 조끼 #${bib}`, staff: s },
      { venue: 'golf', pickFrom: [], pickRate: 0, mean: s.quality, perDay: [1.5, 2.4] },
    );
  }
  for (const s of inUnit('desk', 'concierge')) {
    await addSpot(
      { unit: s.member.unit, template: 'standard', name: `명찰 Name badge · ${s.member.displayName}`, staff: s },
      { venue: 'hotel', pickFrom: [], pickRate: 0, mean: s.quality, perDay: [1.0, 1.4] },
    );
  }
  await addSpot(
    { unit: 'desk', template: 'standard', name: 'Front desk counter 프런트 카운터' },
    { venue: 'hotel', pickFrom: inUnit('desk'), pickRate: 0.6, mean: 4.1, perDay: [3.5, 5] },
  );
  const clubhouse = await addSpot(
    { unit: 'golf', template: 'standard', name: 'Clubhouse 클럽하우스' },
    { venue: 'golf', pickFrom: inUnit('teamA', 'teamB'), pickRate: 0.2, mean: 3.9, perDay: [2.5, 4] },
  );
  await addSpot(
    { unit: 'concierge', template: 'standard', name: 'Concierge desk 컨시어지 데스크' },
    { venue: 'hotel', pickFrom: inUnit('concierge'), pickRate: 0.5, mean: 4.3, perDay: [0.8, 1.2] },
  );

  const tz = zone(DEMO_ORG.timeZone);
  const nowMs = opts.now.getTime();
  const planned = plan({ rng, tz, today: tz.dayOf(nowMs), spots, staff, clubhouse })
    .filter((p) => p.at <= nowMs)
    .sort((a, b) => a.at - b.at); // stable: ties keep plan order, so the seed alone decides

  const web: SubmitOptions = { channel: 'web', locale: DEMO_ORG.defaultLocale };
  for (const p of planned) {
    clock.set(new Date(p.at));
    if (p.kind === 'card') await submitCard(deps, p.spot.ctx, v.parse(CardInputSchema, p.input), web);
    else await submitPraise(deps, p.spot.ctx, v.parse(PraiseInputSchema, p.input), web);
  }

  // One account of each role, with fresh random passwords (printed once, in the manifest).
  const users: DemoManifest['users'] = [];
  const account = async (email: string, role: Role, links: { unitIds?: number[]; employeeId?: number }) => {
    const password = generatePassword();
    await stores.users.create(org.id, { email, role, passwordHash: await hashPassword(password), ...links });
    users.push({ email, password, role, org: org.slug });
  };
  const firstCaddie = required(inUnit('teamA')[0], 'a caddie');
  await account('admin@hanbit-resort.example', 'admin', {});
  await account('frontdesk.lead@hanbit-resort.example', 'supervisor', { unitIds: [unit('hotel').id] });
  await account('caddie@hanbit-resort.example', 'staff', { employeeId: firstCaddie.id });

  return {
    org: { slug: org.slug, name: org.name },
    touchpoints: manifestTouchpoints,
    employees: staff.map((s) => ({ id: s.id, displayName: s.member.displayName, unit: s.unitName })),
    users,
    patterns: {
      persistentNegative: staff.filter((s) => s.member.pattern === 'persistent').map((s) => s.id),
      singleBadDay: required(staff.find((s) => s.member.pattern === 'badDay'), 'bad-day employee').id,
    },
  };
}
