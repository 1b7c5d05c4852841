import type { WidgetConfig } from '../../server/schemas/project.ts';
import type { RatingKind } from '../../server/schemas/rating.ts';

/** Every text the panel shows, in one place; a project's remote config may override some. */
export const EN_STRINGS = {
  title: 'Send feedback',
  close: 'Close',
  legends: {
    stars: 'How would you rate this page?',
    emoji: 'How was your experience?',
    thumbs: 'Was this page helpful?',
    nps: 'How likely are you to recommend us to a friend or colleague? (0 = not at all, 10 = extremely)',
    csat: 'How satisfied are you?',
  } satisfies Record<RatingKind, string>,
  starLabel: (n: number) => (n === 1 ? '1 star' : `${n} stars`),
  faceLabels: ['Very bad', 'Bad', 'Okay', 'Good', 'Great'],
  csatLabels: ['Very unsatisfied', 'Unsatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  yes: 'Yes',
  no: 'No',
  commentLabel: 'Comment (optional)',
  emailLabel: 'Email (optional, if you would like a reply)',
  submit: 'Send feedback',
  sending: 'Sending…',
  thanks: 'Thank you! Your feedback was sent.',
  needRatingOrComment: 'Choose a rating or write a comment.',
  badEmail: 'That email address does not look right.',
  notSent: (reason: string) => `Your feedback was not sent. ${reason}`,
};

export type Strings = typeof EN_STRINGS;

export function withOverrides(texts: WidgetConfig['texts'] | undefined): Strings {
  const strings = { ...EN_STRINGS };
  if (texts?.title) strings.title = texts.title;
  if (texts?.commentLabel) strings.commentLabel = texts.commentLabel;
  if (texts?.submit) strings.submit = texts.submit;
  if (texts?.thanks) strings.thanks = texts.thanks;
  return strings;
}
