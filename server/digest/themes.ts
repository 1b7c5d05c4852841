/**
 * The most common themes of a period's comments and how people feel about them, for digests.
 * Pure and dependency-free: word lists per language (stop-words.ts, sentiment-lexicon.ts), no
 * model and no service, so it runs the same on Node and Workers.
 */
import { LEXICONS, type LexiconSource } from './sentiment-lexicon.ts';
import { STOP_WORDS, type Language } from './stop-words.ts';

export interface ThemeComment {
  text: string;
  /** A BCP 47 tag; only the language counts (`en-US` → `en`). */
  locale: string;
  /** The feedback's rating scaled to 0..1, when it had one. */
  rating?: number | null;
}

export interface Theme {
  /** Lower-case words as written, a plural merged into its singular when both occur. */
  phrase: string;
  /** Comments mentioning it; a comment repeating it counts once. */
  count: number;
  /** Average sentiment of those comments, -1..1, two decimals. */
  sentiment: number;
  /** Up to two short excerpts around a mention, those leaning most like `sentiment` first. */
  examples: string[];
}

export interface ExtractThemesOptions {
  /** Most themes returned. */
  limit?: number;
}

/** Fewer mentions than this is an anecdote, not a theme. */
const MIN_COUNT = 2;
/** Longest phrase counted: "dark mode toggle", not whole sentences. */
const MAX_PHRASE_WORDS = 3;
const EXCERPT_MAX = 100;
/** Context kept before a mention when a comment is cut down to an excerpt. */
const EXCERPT_LEAD = 30;

interface LanguageRules {
  /**
   * Words that never form themes: stop words and the whole sentiment vocabulary, since a theme
   * says what people mention and its sentiment how they feel ("great support" → "support").
   */
  ignored: Set<string>;
  /** Shorter words are dropped from themes. */
  minLength: number;
  weights: Map<string, number>;
  intensifiers: Set<string>;
  negators: Set<string>;
  postNegators: Set<string>;
  scopeEnds: Set<string>;
  /** See PLURALS and `singular`. */
  plurals: readonly (readonly [string, string])[];
}

const splitWords = (list: string) => list.split(/\s+/).filter(Boolean);
/** `gut|e|en` → gut, gute, guten. */
const expand = (list: string) =>
  splitWords(list).flatMap((entry) => {
    const [stem = '', ...endings] = entry.split('|');
    return [stem, ...endings.map((ending) => stem + ending)];
  });

/**
 * Plural endings and their singular, tried in order (-s before -es: "pages" → page, not pag).
 * Other languages get a plain -s, common there in loanwords (Apps, Buttons).
 */
const PLURALS: Partial<Record<Language, [string, string][]>> = {
  en: [
    ['ies', 'y'],
    ['s', ''],
    ['es', ''],
  ],
  es: [
    ['s', ''],
    ['es', ''],
  ],
  fr: [
    ['s', ''],
    ['x', ''],
  ],
  pt: [
    ['ões', 'ão'],
    ['s', ''],
  ],
};

const wordSet = (list: string) => new Set(splitWords(list));

function compile(language: Language, lexicon: LexiconSource): LanguageRules {
  const weights = new Map<string, number>();
  for (const word of expand(lexicon.positive)) weights.set(word, 1);
  for (const word of expand(lexicon.negative)) weights.set(word, -1);
  const intensifiers = wordSet(lexicon.intensifiers);
  const negators = wordSet(lexicon.negators);
  const postNegators = wordSet(lexicon.postNegators);
  const scopeEnds = wordSet(lexicon.scopeEnds);
  return {
    ignored: new Set([...splitWords(STOP_WORDS[language]), ...weights.keys(), ...intensifiers, ...negators, ...postNegators, ...scopeEnds]),
    minLength: 2,
    weights,
    intensifiers,
    negators,
    postNegators,
    scopeEnds,
    plurals: PLURALS[language] ?? [['s', '']],
  };
}

const RULES = new Map<string, LanguageRules>(
  (Object.keys(LEXICONS) as Language[]).map((language) => [language, compile(language, LEXICONS[language])]),
);

/**
 * Any other language: no stop words and no sentiment. Words under three letters are dropped, as
 * without a list they are mostly function words. Scripts written without spaces (Chinese,
 * Japanese, Thai) come out as whole runs and rarely repeat, so they seldom make themes.
 */
const NEUTRAL: LanguageRules = {
  ignored: new Set(),
  minLength: 3,
  weights: new Map(),
  intensifiers: new Set(),
  negators: new Set(),
  postNegators: new Set(),
  scopeEnds: new Set(),
  plurals: [['s', '']],
};

const rulesFor = (locale: string) => RULES.get(locale.toLowerCase().split(/[-_]/)[0] ?? '') ?? NEUTRAL;

interface Token {
  /** Lower case. */
  word: string;
  start: number;
  end: number;
  /** Tokens of different clauses never form a phrase nor negate each other. */
  clause: number;
}

const PIECE = /([\p{L}\p{M}\p{N}]+)|[.,;:!?¡¿…()[\]{}"“”„«»–—]/gu;
/** Links and e-mail addresses would give themes like "https" or "gmail". */
const ADDRESS = /@|:\/\/|^www\./i;

/**
 * Words with their place in the text. Apostrophes and hyphens split words (don't → don, t;
 * l'application → l, application; dark-mode → dark, mode); punctuation, line breaks and links
 * end a clause. Chunk by chunk between spaces, so that no pattern rescans a long run of text.
 */
function tokenize(text: string, rules: LanguageRules): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  let newline = text.indexOf('\n');
  for (const chunk of text.matchAll(/\S+/g)) {
    if (newline !== -1 && newline < chunk.index) {
      clause += 1;
      newline = text.indexOf('\n', chunk.index);
    }
    if (ADDRESS.test(chunk[0])) {
      clause += 1;
      continue;
    }
    for (const piece of chunk[0].matchAll(PIECE)) {
      const original = piece[1];
      if (!original) {
        clause += 1;
        continue;
      }
      const word = original.toLowerCase();
      if (rules.scopeEnds.has(word)) clause += 1;
      const start = chunk.index + piece.index;
      tokens.push({ word, start, end: start + original.length, clause });
    }
  }
  return tokens;
}

/** Sum of word weights, each flipped by a nearby negator and strengthened by an intensifier. */
function lexiconScore(tokens: Token[], rules: LanguageRules): { score: number; hits: number } {
  let sum = 0;
  let hits = 0;
  tokens.forEach((token, i) => {
    const weight = rules.weights.get(token.word);
    if (weight === undefined) return;
    hits += 1;
    const near = (offset: number) => {
      const other = tokens[i + offset];
      return other?.clause === token.clause ? other.word : '';
    };
    const negated =
      [-1, -2, -3].some((offset) => rules.negators.has(near(offset))) || [1, 2].some((offset) => rules.postNegators.has(near(offset)));
    const strength = rules.intensifiers.has(near(-1)) ? 1.5 : 1;
    sum += (negated ? -weight : weight) * strength;
  });
  // Bounded and monotonic: one "good" is 0.5, "very good" 0.6, three positive words 0.75.
  return { score: sum / (Math.abs(sum) + 1), hits };
}

/** Lexicon sentiment of a text in -1..1; 0 without sentiment words or for a language without a lexicon. */
export function sentimentOf(text: string, locale: string): number {
  const rules = rulesFor(locale);
  return lexiconScore(tokenize(text.normalize('NFC'), rules), rules).score;
}

/**
 * A comment's sentiment: its words, and its rating when it has one. The rating is the
 * customer's own verdict, so it weighs as much as the words, and alone when the words carry none
 * ("the checkout button does nothing" with one star).
 */
function commentSentiment(tokens: Token[], rules: LanguageRules, rating: number | null | undefined): number {
  const lexical = lexiconScore(tokens, rules);
  if (rating == null || !Number.isFinite(rating)) return lexical.score;
  const verdict = Math.min(1, Math.max(0, rating)) * 2 - 1;
  return lexical.hits ? (lexical.score + verdict) / 2 : verdict;
}

/**
 * The singular of a plural, but only when that singular occurs among the same language's
 * comments: "buttons" joins "button" when someone wrote "button", and nothing is guessed, so
 * "cookies" never becomes "cooky" and "news" is left alone.
 */
function singular(word: string, rules: LanguageRules, vocabulary: Set<string>): string {
  if (word.length <= 3) return word;
  for (const [ending, replacement] of rules.plurals) {
    if (!word.endsWith(ending)) continue;
    const base = word.slice(0, -ending.length) + replacement;
    if (base.length >= 3 && vocabulary.has(base)) return base;
  }
  return word;
}

interface Term {
  term: string;
  start: number;
  end: number;
}

interface Candidate {
  phrase: string;
  words: string[];
  /** Indexes of the comments mentioning it, ascending, each once. */
  comments: number[];
  sentiment: number;
}

/** Every shorter phrase inside `words`: "dark mode toggle" → dark mode, mode toggle, dark, mode, toggle. */
function parts(words: string[]): string[] {
  const found: string[] = [];
  for (let size = words.length - 1; size >= 1; size -= 1) {
    for (let from = 0; from + size <= words.length; from += 1) found.push(words.slice(from, from + size).join(' '));
  }
  return found;
}

/**
 * A comment cut to about EXCERPT_MAX characters around a mention, on word boundaries, with
 * whitespace collapsed and an ellipsis where text was left out.
 */
function excerpt(text: string, start: number, end: number): string {
  const flat = (part: string) => part.replace(/\s+/g, ' ').trim();
  if (text.length <= EXCERPT_MAX) return flat(text);
  let from = Math.max(0, Math.min(start - EXCERPT_LEAD, text.length - EXCERPT_MAX));
  if (from > 0) {
    const space = text.slice(from, start).search(/\s/);
    from = space === -1 ? start : from + space + 1;
  }
  let to = Math.min(text.length, Math.max(from + EXCERPT_MAX, end));
  if (to < text.length) {
    const space = text.slice(end, to).search(/\s\S*$/);
    if (space !== -1) to = end + space;
  }
  return `${from > 0 ? '…' : ''}${flat(text.slice(from, to))}${to < text.length ? '…' : ''}`;
}

/**
 * The most common themes: single words and phrases of up to three adjacent words that are
 * neither stop words nor sentiment words ("checkout", "dark mode"), mentioned in at least two
 * comments. A phrase replaces its parts when it covers most of their mentions, so "dark mode"
 * is listed rather than "dark" and "mode", while "checkout" stays when only a few of its
 * mentions say "checkout button". Ordered by count, then by how strongly people feel, then
 * alphabetically, so the same comments always give the same digest.
 */
export function extractThemes(comments: ThemeComment[], options: ExtractThemesOptions = {}): Theme[] {
  const { limit = 8 } = options;

  const parsed = comments.map((comment) => {
    const rules = rulesFor(comment.locale);
    const text = comment.text.normalize('NFC');
    const tokens = tokenize(text, rules);
    return { text, rules, tokens, sentiment: commentSentiment(tokens, rules, comment.rating) };
  });

  const isThemeWord = (word: string, rules: LanguageRules) =>
    word.length >= rules.minLength && !rules.ignored.has(word) && /\p{L}/u.test(word);
  const vocabularies = new Map<LanguageRules, Set<string>>();
  for (const { rules, tokens } of parsed) {
    const vocabulary = vocabularies.get(rules) ?? new Set<string>();
    vocabularies.set(rules, vocabulary);
    for (const { word } of tokens) if (isThemeWord(word, rules)) vocabulary.add(word);
  }

  // Runs of adjacent theme words within a clause: the only places a phrase can come from.
  const runsOf = parsed.map(({ rules, tokens }) => {
    const vocabulary = vocabularies.get(rules) ?? new Set<string>();
    const runs: Term[][] = [];
    let run: Term[] = [];
    tokens.forEach((token, i) => {
      if (!isThemeWord(token.word, rules)) {
        run = [];
        return;
      }
      if (run.length === 0 || tokens[i - 1]?.clause !== token.clause) runs.push((run = []));
      run.push({ term: singular(token.word, rules, vocabulary), start: token.start, end: token.end });
    });
    return runs;
  });

  const mentions = new Map<string, number[]>();
  runsOf.forEach((runs, index) => {
    for (const run of runs) {
      for (let from = 0; from < run.length; from += 1) {
        let phrase = '';
        for (let size = 1; size <= MAX_PHRASE_WORDS && from + size <= run.length; size += 1) {
          phrase += `${size > 1 ? ' ' : ''}${run[from + size - 1]?.term}`;
          const seen = mentions.get(phrase);
          if (!seen) mentions.set(phrase, [index]);
          else if (seen[seen.length - 1] !== index) seen.push(index);
        }
      }
    }
  });

  const candidates = new Map<string, Candidate>();
  for (const [phrase, indexes] of mentions) {
    if (indexes.length < MIN_COUNT) continue;
    const sentiment = indexes.reduce((sum, index) => sum + (parsed[index]?.sentiment ?? 0), 0) / indexes.length;
    candidates.set(phrase, { phrase, words: phrase.split(' '), comments: indexes, sentiment: Math.round(sentiment * 100) / 100 + 0 });
  }

  const covers = (phrase: Candidate, part: string) => 2 * phrase.comments.length > (candidates.get(part)?.comments.length ?? 0);
  // Listable: covers more than half the mentions of each of its parts ("dark mode" but not "checkout button").
  const listable = [...candidates.values()].filter((candidate) => parts(candidate.words).every((part) => covers(candidate, part)));
  // A part of a listed phrase is not listed itself: the phrase already says it.
  const hidden = new Set(listable.flatMap((candidate) => parts(candidate.words)));

  /** Two distinct excerpts, from the comments leaning most like the theme (first comments on a tie). */
  const examplesOf = (candidate: Candidate): string[] => {
    const lean = Math.sign(candidate.sentiment);
    const sentimentAt = (index: number) => parsed[index]?.sentiment ?? 0;
    const order = [...candidate.comments].sort((a, b) => lean * (sentimentAt(b) - sentimentAt(a)) || a - b);
    const examples = new Set<string>();
    for (const index of order) {
      const mention = locate(runsOf[index] ?? [], candidate.words);
      const text = parsed[index]?.text;
      if (mention && text !== undefined) examples.add(excerpt(text, mention.start, mention.end));
      if (examples.size === 2) break;
    }
    return [...examples];
  };

  return listable
    .filter((candidate) => !hidden.has(candidate.phrase))
    .sort(
      (a, b) => b.comments.length - a.comments.length || Math.abs(b.sentiment) - Math.abs(a.sentiment) || (a.phrase < b.phrase ? -1 : 1),
    )
    .slice(0, Math.max(0, limit))
    .map((candidate) => ({
      phrase: candidate.phrase,
      count: candidate.comments.length,
      sentiment: candidate.sentiment,
      examples: examplesOf(candidate),
    }));
}

/** Where a phrase first occurs among a comment's runs. */
function locate(runs: Term[][], words: string[]): { start: number; end: number } | undefined {
  for (const run of runs) {
    for (let from = 0; from + words.length <= run.length; from += 1) {
      if (words.every((word, k) => run[from + k]?.term === word)) {
        return { start: run[from]?.start ?? 0, end: run[from + words.length - 1]?.end ?? 0 };
      }
    }
  }
  return undefined;
}
