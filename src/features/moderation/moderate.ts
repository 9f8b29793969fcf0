/**
 * Moderation on arrival: pure, no I/O. Staff are protected from abuse (the paper's emotional
 * labour): a submission with abusive words or links is held for a supervisor to look at, and
 * counts nowhere — not in feeds, numbers or flags — unless it is published.
 */

/** Abusive words, Korean and English, matched on letters only (spacing and punctuation tricks removed). */
const ABUSE = [
  '씨발', '시발', 'ㅅㅂ', 'ㅆㅂ', '씨바', '개새끼', '개색기', '개세끼', '병신', 'ㅂㅅ', '븅신', '좆', '존나', '미친년', '미친놈', '지랄', '꺼져', '닥쳐', '썅',
  'fuck', 'shit', 'bitch', 'asshole', 'cunt', 'bastard', 'retard', 'slut', 'whore', 'dickhead', 'motherfucker',
];

const LINK = /(https?:\/\/|www\.)\S+/i;

export type ModerationReason = 'abuse' | 'link';

export interface ModerationVerdict {
  status: 'published' | 'held';
  reasons: ModerationReason[];
}

/** Letters and digits only, lower-cased: "f.u c k" and "씨 발" are caught too. */
const squash = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

export function moderate(...texts: (string | null | undefined)[]): ModerationVerdict {
  const reasons = new Set<ModerationReason>();
  for (const text of texts) {
    if (!text) continue;
    const flat = squash(text);
    if (ABUSE.some((w) => flat.includes(w))) reasons.add('abuse');
    if (LINK.test(text)) reasons.add('link');
  }
  return { status: reasons.size ? 'held' : 'published', reasons: [...reasons] };
}
