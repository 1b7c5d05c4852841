/**
 * Every text the form shows, in English (built into the form bundle). Other languages are JSON
 * files of the same shape in ./locales, fetched only when a page needs one. `{reason}` is filled
 * in at run time. Arrays follow the scale: stars 1–5, faces very bad → great, CSAT 1–5.
 */
export const EN = {
  title: 'Send feedback',
  close: 'Close',
  legendStars: 'How would you rate this page?',
  legendEmoji: 'How was your experience?',
  legendThumbs: 'Was this page helpful?',
  legendNps: 'How likely are you to recommend us to a friend or colleague?',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  legendCsat: 'How satisfied are you?',
  stars: ['1 star', '2 stars', '3 stars', '4 stars', '5 stars'],
  faces: ['Very bad', 'Bad', 'Okay', 'Good', 'Great'],
  csat: ['Very unsatisfied', 'Unsatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  yes: 'Yes',
  no: 'No',
  categoryLegend: 'What is it about?',
  commentLabel: 'Comment (optional)',
  characters: '{count} of {max} characters',
  emailLabel: 'Email (optional, if you would like a reply)',
  emailRequiredLabel: 'Email',
  submit: 'Send feedback',
  /** The send button's text while a follow-up question comes after this step, and the way back from it. */
  next: 'Next',
  back: 'Back',
  sending: 'Sending…',
  thanks: 'Thank you! Your feedback was sent.',
  queued: 'Thank you! Your feedback is saved and will be sent as soon as the connection is back.',
  needRatingOrComment: 'Choose a rating or write a comment.',
  badEmail: 'That email address does not look right.',
  needEmail: 'Enter your email address so we can reply.',
  notSent: 'Your feedback was not sent. {reason}',
};

export type Strings = typeof EN;
