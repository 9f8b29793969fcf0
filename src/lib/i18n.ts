/**
 * Korean and English messages for customer pages, and locale negotiation:
 * `?lang=` override, then Accept-Language, then the organization's default.
 */
import { LOCALES, type Locale } from '../db/schema.ts';

export type { Locale };

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x);
}

/** Picks the best supported locale from an Accept-Language header, or undefined. */
export function fromAcceptLanguage(header: string | undefined | null): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) if (isLocale(r.lang)) return r.lang;
  return undefined;
}

export function negotiateLocale(opts: {
  query?: string | undefined;
  acceptLanguage?: string | undefined | null;
  fallback: Locale;
}): Locale {
  if (isLocale(opts.query)) return opts.query;
  return fromAcceptLanguage(opts.acceptLanguage) ?? opts.fallback;
}

const en = {
  'card.title': 'How did we do?',
  'card.intro.employee': 'Tell us about your experience with {name}.',
  'card.intro.unit': 'Tell us about your experience at {unit}.',
  'card.overall': 'Overall, how was your experience?',
  'card.dimensions': 'In detail (optional)',
  'card.skip': 'Skip',
  'rating.1': 'Very poor',
  'rating.2': 'Poor',
  'rating.3': 'Okay',
  'rating.4': 'Good',
  'rating.5': 'Excellent',
  'card.employee': 'Who served you?',
  'card.employee.unsure': 'Not sure',
  'card.about': 'What was this mostly about?',
  'card.about.person': 'The person who served me',
  'card.about.process': 'The place, the wait or the rules',
  'card.about.both': 'Both',
  'card.problem': 'Did you have a problem?',
  'card.problem.resolved': 'If so, was it resolved?',
  'yes': 'Yes',
  'no': 'No',
  'card.comment': 'Anything you would like to tell us?',
  'card.comment.hint': 'Up to 2,000 characters. Please don’t include personal details.',
  'card.contact': 'May we contact you? (optional)',
  'card.contact.email': 'E-mail',
  'card.contact.phone': 'Phone',
  'card.contact.consent': 'I agree that my contact details are stored so that the manager can reply to me.',
  'card.contact.note': 'Your contact details are never shown to the staff member.',
  'card.submit': 'Send comment card',
  'card.praiseLink': 'Would you rather write a praise letter?',
  'praise.title': 'Write a praise letter',
  'praise.intro.employee': 'Your words will reach {name} directly.',
  'praise.intro.unit': 'Choose the person you would like to thank.',
  'praise.employee': 'To',
  'praise.body': 'Your letter',
  'praise.body.hint': 'Up to 4,000 characters.',
  'praise.signature': 'Signed (optional)',
  'praise.publish': 'I agree that this letter may be shared with colleagues inside the organization.',
  'praise.submit': 'Send praise letter',
  'praise.cardLink': 'Back to the comment card',
  'thanks.title': 'Thank you!',
  'thanks.card': 'Your comment card has been received. It helps the team serve you better.',
  'thanks.praise': 'Your praise letter has been received and will be passed on.',
  'thanks.praiseLink': 'Write a praise letter too',
  'notfound.title': 'We could not find this card',
  'notfound.body': 'This QR code is unknown or no longer in use. Please ask a member of staff for help.',
  'gone.title': 'This QR code has been replaced',
  'gone.body': 'Please scan the new code at the counter, or ask a member of staff. Thank you for wanting to tell us!',
  'error.title': 'Something went wrong',
  'error.body': 'Please try again in a moment. If you already pressed send, your card may have arrived.',
  'toolarge.title': 'That was too long',
  'toolarge.body': 'Your message is longer than we can accept. Please go back and shorten it.',
  'form.errors': 'Please check the highlighted fields.',
  'form.required': 'required',
  'err.overall': 'Please choose a rating from 1 to 5.',
  'err.rating': 'Please choose a rating from 1 to 5, or skip.',
  'err.about': 'Please choose one of the options.',
  'err.problem': 'Please answer yes or no.',
  'err.comment': 'Please keep your comment to 2,000 characters.',
  'err.employee': 'Please choose someone from the list.',
  'err.employee.required': 'Please choose the person you want to thank.',
  'err.email': 'Please enter a valid e-mail address.',
  'err.phone': 'Please enter a valid phone number.',
  'err.contact': 'Please enter an e-mail address or a phone number, or untick the box.',
  'err.consent': 'Tick the box to let us keep your contact details, or leave them empty.',
  'err.body': 'Please write your letter (up to 4,000 characters).',
  'err.signature': 'Please keep the signature to 100 characters.',
  'err.generic': 'Please check this field.',
  'lang.switch': '한국어',
  'login.title': 'Sign in',
  'login.org': 'Organization',
  'login.email': 'E-mail',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.failed': 'The organization, e-mail or password is not right.',
  'login.limited': 'Too many attempts. Please wait a few minutes and try again.',
  'nav.feed': 'My feedback',
  'nav.wall': 'Praise wall',
  'nav.logout': 'Sign out',
  'feed.title': 'What customers said about you',
  'feed.praise': 'Praise letters',
  'feed.cards': 'Comment cards',
  'feed.unread': '{n} new',
  'feed.markRead': 'Mark all as read',
  'feed.empty': 'Nothing yet. Cards and letters from your customers will appear here.',
  'feed.more': 'Older items',
  'feed.overall': 'Overall {n} of 5',
  'feed.about.person': 'About you',
  'feed.about.process': 'About the place or process',
  'feed.about.both': 'About you and the place',
  'feed.problem.resolved': 'Had a problem — resolved',
  'feed.problem.unresolved': 'Had a problem — not resolved',
  'feed.new': 'New',
  'feed.from': '— {name}',
  'wall.title': 'Praise wall',
  'wall.intro': 'Letters customers agreed to share with everyone here.',
  'wall.to': 'To {name}',
  'wall.empty': 'No shared letters yet.',
  'wall.more': 'Older letters',
  'feed.hello': 'Hello, {name}',
  'feed.all': 'Everything, newest first',
  'feed.kind.card': 'Comment card',
  'feed.kind.praise': 'Praise letter',
  'feed.praiseAbove': 'Praise letter — read it above',
  'feed.allRead': 'You are all caught up.',
  'feed.problem.had': 'Had a problem',
  'feed.problem.none': 'No problem',
  'feed.ratings': 'Ratings',
  'feed.shared': 'Shared on the praise wall',
  'feed.first': 'Back to the newest',
  'feed.unsigned': 'A customer',
} as const;

export type MessageKey = keyof typeof en;

const ko: Record<MessageKey, string> = {
  'card.title': '서비스는 어떠셨나요?',
  'card.intro.employee': '{name} 님의 서비스에 대해 알려 주세요.',
  'card.intro.unit': '{unit}에서의 경험을 알려 주세요.',
  'card.overall': '전반적으로 어떠셨나요?',
  'card.dimensions': '세부 평가 (선택)',
  'card.skip': '건너뛰기',
  'rating.1': '매우 불만족',
  'rating.2': '불만족',
  'rating.3': '보통',
  'rating.4': '만족',
  'rating.5': '매우 만족',
  'card.employee': '누가 응대해 드렸나요?',
  'card.employee.unsure': '잘 모르겠어요',
  'card.about': '주로 무엇에 관한 의견인가요?',
  'card.about.person': '응대한 직원',
  'card.about.process': '시설, 대기 시간 또는 규정',
  'card.about.both': '둘 다',
  'card.problem': '불편한 점이 있으셨나요?',
  'card.problem.resolved': '있으셨다면, 해결되었나요?',
  'yes': '예',
  'no': '아니요',
  'card.comment': '하고 싶은 말씀이 있으신가요?',
  'card.comment.hint': '최대 2,000자. 개인 정보는 적지 말아 주세요.',
  'card.contact': '연락을 받으시겠어요? (선택)',
  'card.contact.email': '이메일',
  'card.contact.phone': '전화번호',
  'card.contact.consent': '관리자가 답변할 수 있도록 연락처를 저장하는 데 동의합니다.',
  'card.contact.note': '연락처는 직원에게 절대 공개되지 않습니다.',
  'card.submit': '의견 카드 보내기',
  'card.praiseLink': '칭찬 편지를 쓰시겠어요?',
  'praise.title': '칭찬 편지 쓰기',
  'praise.intro.employee': '보내 주신 글은 {name} 님께 그대로 전달됩니다.',
  'praise.intro.unit': '감사를 전하고 싶은 직원을 선택해 주세요.',
  'praise.employee': '받는 사람',
  'praise.body': '편지 내용',
  'praise.body.hint': '최대 4,000자.',
  'praise.signature': '보내는 사람 (선택)',
  'praise.publish': '이 편지를 사내 동료들과 공유하는 데 동의합니다.',
  'praise.submit': '칭찬 편지 보내기',
  'praise.cardLink': '의견 카드로 돌아가기',
  'thanks.title': '감사합니다!',
  'thanks.card': '의견 카드가 접수되었습니다. 더 나은 서비스를 위해 소중히 쓰겠습니다.',
  'thanks.praise': '칭찬 편지가 접수되었습니다. 꼭 전해 드리겠습니다.',
  'thanks.praiseLink': '칭찬 편지도 써 주세요',
  'notfound.title': '카드를 찾을 수 없습니다',
  'notfound.body': '알 수 없거나 더 이상 사용하지 않는 QR 코드입니다. 가까운 직원에게 문의해 주세요.',
  'gone.title': '새 QR 코드로 바뀌었습니다',
  'gone.body': '현장에 있는 새 코드를 스캔하시거나 직원에게 문의해 주세요. 의견을 남겨 주시려는 마음에 감사드립니다!',
  'error.title': '문제가 발생했습니다',
  'error.body': '잠시 후 다시 시도해 주세요. 이미 보내기를 누르셨다면 카드가 접수되었을 수 있습니다.',
  'toolarge.title': '내용이 너무 깁니다',
  'toolarge.body': '받을 수 있는 길이를 넘었습니다. 뒤로 가서 내용을 줄여 주세요.',
  'form.errors': '표시된 항목을 확인해 주세요.',
  'form.required': '필수',
  'err.overall': '1에서 5 사이의 점수를 선택해 주세요.',
  'err.rating': '1에서 5 사이의 점수를 선택하거나 건너뛰어 주세요.',
  'err.about': '항목 중 하나를 선택해 주세요.',
  'err.problem': '예 또는 아니요를 선택해 주세요.',
  'err.comment': '의견은 2,000자 이내로 적어 주세요.',
  'err.employee': '목록에서 직원을 선택해 주세요.',
  'err.employee.required': '감사를 전할 직원을 선택해 주세요.',
  'err.email': '올바른 이메일 주소를 입력해 주세요.',
  'err.phone': '올바른 전화번호를 입력해 주세요.',
  'err.contact': '이메일 또는 전화번호를 입력하거나, 동의 상자를 해제해 주세요.',
  'err.consent': '연락처를 남기시려면 동의 상자에 표시해 주시고, 아니면 비워 두세요.',
  'err.body': '편지 내용을 적어 주세요 (최대 4,000자).',
  'err.signature': '보내는 사람은 100자 이내로 적어 주세요.',
  'err.generic': '이 항목을 확인해 주세요.',
  'lang.switch': 'English',
  'login.title': '로그인',
  'login.org': '조직',
  'login.email': '이메일',
  'login.password': '비밀번호',
  'login.submit': '로그인',
  'login.failed': '조직, 이메일 또는 비밀번호가 올바르지 않습니다.',
  'login.limited': '시도가 너무 많습니다. 몇 분 후에 다시 시도해 주세요.',
  'nav.feed': '나의 피드백',
  'nav.wall': '칭찬 게시판',
  'nav.logout': '로그아웃',
  'feed.title': '고객이 남긴 이야기',
  'feed.praise': '칭찬 편지',
  'feed.cards': '의견 카드',
  'feed.unread': '새 글 {n}개',
  'feed.markRead': '모두 읽음으로 표시',
  'feed.empty': '아직 없습니다. 고객의 카드와 편지가 여기에 표시됩니다.',
  'feed.more': '이전 글 보기',
  'feed.overall': '전체 {n}/5',
  'feed.about.person': '나에 대한 의견',
  'feed.about.process': '시설·절차에 대한 의견',
  'feed.about.both': '나와 시설 모두에 대한 의견',
  'feed.problem.resolved': '불편 있었음 — 해결됨',
  'feed.problem.unresolved': '불편 있었음 — 해결 안 됨',
  'feed.new': '새 글',
  'feed.from': '— {name}',
  'wall.title': '칭찬 게시판',
  'wall.intro': '고객이 공유에 동의한 칭찬 편지입니다.',
  'wall.to': '{name} 님께',
  'wall.empty': '아직 공유된 편지가 없습니다.',
  'wall.more': '이전 편지 보기',
  'feed.hello': '{name} 님, 안녕하세요',
  'feed.all': '전체 (최신순)',
  'feed.kind.card': '의견 카드',
  'feed.kind.praise': '칭찬 편지',
  'feed.praiseAbove': '칭찬 편지 — 위에서 읽기',
  'feed.allRead': '새 글을 모두 읽었습니다.',
  'feed.problem.had': '불편 있었음',
  'feed.problem.none': '불편 없었음',
  'feed.ratings': '세부 평가',
  'feed.shared': '칭찬 게시판에 공유됨',
  'feed.first': '최신 글로 돌아가기',
  'feed.unsigned': '한 고객',
};

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, ko };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => {
    let s = catalog[key];
    if (params) for (const [k, val] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(val));
    return s;
  };
}
