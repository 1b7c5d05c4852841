import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEXICONS } from '../../../server/digest/sentiment-lexicon.ts';
import { extractThemes, sentimentOf, type ThemeComment } from '../../../server/digest/themes.ts';

const en = (text: string, rating: number | null = null): ThemeComment => ({ text, locale: 'en-US', rating });
const inLocale =
  (locale: string) =>
  (text: string, rating: number | null = null): ThemeComment => ({ text, locale, rating });
const phrasesAndCounts = (comments: ThemeComment[]) => extractThemes(comments).map((t) => [t.phrase, t.count]);

/** A week of a shop's comments: checkout trouble, dark mode requests, praise for support, one-offs. Ratings are stars scaled to 0..1. */
const WEEK: ThemeComment[] = [
  en('The checkout button does nothing on my phone.', 0.25),
  en('Checkout keeps failing at the payment step, really frustrating.', 0),
  en("I couldn't complete the checkout, the page just froze.", 0.25),
  en('Checkout is broken again. Lost my cart twice.', 0),
  en('Why does checkout ask for my address three times? Annoying.', 0.25),
  en('The checkout is slow and confusing. Checkout should be one page!', 0.5),
  en('Please add a dark mode, my eyes hurt at night.'),
  en('Dark mode would be amazing!'),
  en('Any plans for a dark-mode?'),
  en('Love the app but I really miss a Dark Mode.', 0.75),
  en('dark mode please 🙏'),
  en('Support was super helpful and fast.', 1),
  en('Great support team, they sorted out my order in minutes.', 1),
  en('Thanks to your support for the quick refund!', 1),
  en('Support answered within an hour, excellent service.', 0.75),
  en('Shipping took two weeks.', 0.5),
  en('The search results are not good.', 0.25),
  en('Prices went up, not happy about that.', 0.5),
  en('Nice newsletter.', 1),
  en('Could you offer gift cards?'),
];

const themeOf = (comments: ThemeComment[], phrase: string) => extractThemes(comments).find((t) => t.phrase === phrase);

describe('extractThemes', () => {
  it('finds checkout, dark mode and support as the top themes of a week, counting each comment once', () => {
    // The last checkout comment says "checkout" twice and counts once; two comments mention a page.
    expect(phrasesAndCounts(WEEK)).toEqual([
      ['checkout', 6],
      ['dark mode', 5],
      ['support', 4],
      ['page', 2],
    ]);
  });

  it('gives the checkout complaints a negative sentiment and the praise for support a positive one', () => {
    expect(themeOf(WEEK, 'checkout')?.sentiment).toBeLessThan(-0.3);
    expect(themeOf(WEEK, 'support')?.sentiment).toBeGreaterThan(0.3);
  });

  it('quotes the two comments leaning most like the theme: complaints for a negative one', () => {
    expect(themeOf(WEEK, 'checkout')?.examples).toEqual([
      'Checkout keeps failing at the payment step, really frustrating.',
      'Checkout is broken again. Lost my cart twice.',
    ]);
    expect(themeOf(WEEK, 'support')?.examples).toEqual([
      'Support was super helpful and fast.',
      'Great support team, they sorted out my order in minutes.',
    ]);
  });

  it('lets a rating speak for a comment whose words carry no sentiment', () => {
    const set = [en('The checkout button does nothing.', 0), en('Checkout takes ages.', 0.25)];
    expect(themeOf(set, 'checkout')?.sentiment).toBe(-0.75);
  });

  it('lists "dark mode" rather than "dark" and "mode", but keeps "checkout" when few of its mentions say "checkout button"', () => {
    const set = [
      en('Dark mode please'),
      en('A dark mode would help'),
      en('Is there a dark theme?'),
      en('Checkout button hidden'),
      en('Checkout button too small'),
      en('Checkout times out'),
      en('Checkout asks twice for the address'),
      en('Checkout lost my coupon'),
    ];
    const phrases = extractThemes(set).map((t) => t.phrase);
    expect(phrases).toContain('dark mode');
    expect(phrases).toContain('checkout');
    expect(phrases).not.toContain('dark');
    expect(phrases).not.toContain('mode');
    expect(phrases).not.toContain('checkout button');
  });

  it('makes no theme of a word only one comment uses, nor of stop words and sentiment words', () => {
    const phrases = extractThemes(WEEK).map((t) => t.phrase);
    for (const oneOff of ['shipping', 'newsletter', 'refund', 'gift card', 'phone']) expect(phrases).not.toContain(oneOff);
    expect(extractThemes([en('It is really great, thanks!'), en('It is really great, thanks!')])).toEqual([]);
  });

  it('merges an English plural into the singular someone else wrote, and guesses no singular', () => {
    const set = [en('The buttons are tiny'), en('The button is hidden'), en('Too many cookies banners'), en('Cookies popup again')];
    expect(phrasesAndCounts(set)).toEqual([
      ['button', 2],
      ['cookies', 2],
    ]);
  });

  it.each([
    {
      locale: 'de-DE',
      comments: [
        'Der Checkout funktioniert nicht auf dem Handy.',
        'Leider ist der Checkout sehr langsam.',
        'Bitte einen Dark Mode einbauen.',
        'Ein Dark Mode wäre super.',
      ],
      themes: [
        ['checkout', 2],
        ['dark mode', 2],
      ],
      negative: 'checkout',
    },
    {
      locale: 'fr-FR',
      comments: [
        'Le paiement ne fonctionne pas sur mobile.',
        "Le paiement est trop lent, c'est pénible.",
        "J'adore le mode sombre.",
        'Le mode sombre est génial.',
      ],
      themes: [
        ['paiement', 2],
        ['mode sombre', 2],
      ],
      negative: 'paiement',
    },
    {
      locale: 'es-MX',
      comments: ['El pago no funciona en el móvil.', 'El pago es muy lento.', 'Me encanta el modo oscuro.', 'El modo oscuro es genial.'],
      themes: [
        ['pago', 2],
        ['modo oscuro', 2],
      ],
      negative: 'pago',
    },
  ])('finds themes in $locale comments without the language’s stop words', ({ locale, comments, themes, negative }) => {
    const set = comments.map((text) => inLocale(locale)(text));
    const found = extractThemes(set);
    expect(found.map((t) => [t.phrase, t.count])).toEqual(themes);
    expect(found.find((t) => t.phrase === negative)?.sentiment).toBeLessThan(0);
    expect(found.find((t) => t.phrase !== negative)?.sentiment).toBeGreaterThan(0);
  });

  it('reads en-US, en_GB and EN as English', () => {
    const set = ['The app is slow', 'The app crashed'];
    for (const locale of ['en-US', 'en_GB', 'EN'])
      expect(phrasesAndCounts(set.map((text) => inLocale(locale)(text)))).toEqual([['app', 2]]);
  });

  it('finds themes in a language without word lists, dropping short words and numbers, with neutral sentiment', () => {
    const set = ['Kassan är trasig 2024', 'Kassan på mobilen 2024', 'Mörkt läge tack', 'Mörkt läge på mobilen'].map((text) =>
      inLocale('sv-SE')(text),
    );
    expect(extractThemes(set).map((t) => [t.phrase, t.count, t.sentiment])).toEqual([
      ['kassan', 2, 0],
      ['mobilen', 2, 0],
      ['mörkt läge', 2, 0],
    ]);
  });

  it('takes no theme from links, e-mail addresses or numbers, and no phrase across sentences', () => {
    const set = [
      en('See https://shop.example/checkout-page'),
      en('Mail me at ada@checkout.example'),
      en('Got a 404'),
      en('A 404 again'),
      en('Checkout. Page two is blank'),
      en('Checkout! Page three is blank'),
    ];
    expect(phrasesAndCounts(set)).toEqual([
      ['blank', 2],
      ['checkout', 2],
      ['page', 2],
    ]);
  });

  it('cuts a long comment to a short excerpt around the mention', () => {
    const filler = 'I have been a customer for years and I order every month from you. ';
    const [theme] = extractThemes([
      en(`${filler.repeat(3)}The dark mode would be easier on the eyes. ${filler.repeat(3)}`),
      en('Dark mode please'),
    ]);
    const example = theme?.examples[0] ?? '';
    expect(theme?.phrase).toBe('dark mode');
    expect(example).toMatch(/^….*dark mode would be easier on the eyes.*…$/);
    expect(example.length).toBeLessThanOrEqual(102);
  });

  it('gives the same digest for the same comments, whatever their order, breaking ties alphabetically', () => {
    const set = [
      en('Search is slow'),
      en('Invoices are wrong'),
      en('Search finds nothing'),
      en('Invoices arrive late'),
      en('Login is broken'),
      en('Login is awful'),
    ];
    const once = extractThemes(set);
    expect(extractThemes(set)).toEqual(once);
    const withoutExamples = (comments: ThemeComment[]) =>
      extractThemes(comments).map(({ phrase, count, sentiment }) => ({ phrase, count, sentiment }));
    expect(withoutExamples([...set].reverse())).toEqual(withoutExamples(set));
    // All three are mentioned twice; "login" is felt most strongly, the other two tie and go alphabetically.
    expect(once.map((t) => t.phrase)).toEqual(['login', 'invoices', 'search']);
  });

  it('returns at most eight themes unless told otherwise', () => {
    const topics = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliett'];
    const set = topics.flatMap((topic) => [en(`${topic}!`), en(`the ${topic}`)]);
    expect(extractThemes(set)).toHaveLength(8);
    expect(extractThemes(set, { limit: 3 }).map((t) => t.phrase)).toEqual(['alpha', 'bravo', 'charlie']);
    expect(extractThemes(set, { limit: 0 })).toEqual([]);
  });

  it('finds the themes of 5,000 generated comments', () => {
    // A small seeded generator: the same set every run.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
    /** A word nobody else uses: a one-off that must never become a theme. */
    const oneOff = (n: number) => [...n.toString(26)].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 26))).join('') + 'zq';
    const comments = Array.from({ length: 5_000 }, (_, i): ThemeComment => {
      const locale = pick(['en', 'en-US', 'en-GB']);
      switch (i % 10) {
        case 0:
        case 1:
        case 2:
          return {
            locale,
            rating: pick([0, 0.25]),
            text: pick(['Checkout is broken.', 'The checkout is so slow!', `Checkout failed again, really annoying. ${oneOff(i)}`]),
          };
        case 3:
        case 4:
          return {
            locale,
            rating: null,
            text: pick(['Please add a dark mode.', 'Dark mode would be great.', `I would love dark mode! ${oneOff(i)}`]),
          };
        case 5:
          return {
            locale,
            rating: pick([0.75, 1]),
            text: pick(['Support was very helpful.', 'Great support, thanks!', 'Support is friendly and fast.']),
          };
        default:
          return { locale, rating: random(), text: `Hello ${oneOff(i)} ${i}!` };
      }
    });
    const themes = extractThemes(comments);
    expect(themes.map((t) => [t.phrase, t.count])).toEqual([
      ['checkout', 1500],
      ['dark mode', 1000],
      ['support', 500],
    ]);
    expect(themes.find((t) => t.phrase === 'checkout')?.sentiment).toBeLessThan(-0.5);
    expect(themes.find((t) => t.phrase === 'support')?.sentiment).toBeGreaterThan(0.5);
  });

  it('keeps every theme within its contract for any comments', () => {
    const comment = fc.record({
      text: fc.oneof(
        fc.string({ maxLength: 200 }),
        fc
          .array(fc.constantFrom('dark', 'mode', 'checkout', 'not', 'good', 'slow', 'the', 'buttons', 'button', ',', '.', 'é', '42'), {
            maxLength: 20,
          })
          .map((w) => w.join(' ')),
      ),
      locale: fc.constantFrom('en', 'de-AT', 'fr', 'es', 'it', 'pt-BR', 'nl', 'sv', ''),
      rating: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.array(comment, { maxLength: 40 }), (comments) => {
        const themes = extractThemes(comments);
        expect(themes.length).toBeLessThanOrEqual(8);
        themes.forEach((theme, i) => {
          expect(theme.count).toBeGreaterThanOrEqual(2);
          expect(Math.abs(theme.sentiment)).toBeLessThanOrEqual(1);
          expect(theme.examples.length).toBeGreaterThanOrEqual(1);
          expect(theme.examples.length).toBeLessThanOrEqual(2);
          if (i > 0) expect(theme.count).toBeLessThanOrEqual(themes[i - 1]?.count ?? 0);
        });
      }),
    );
  });
});

describe('sentimentOf', () => {
  it('scores "good" positive and "not good" negative', () => {
    expect(sentimentOf('good', 'en')).toBeGreaterThan(0);
    expect(sentimentOf('not good', 'en')).toBeLessThan(0);
    expect(sentimentOf('This is not bad at all', 'en')).toBeGreaterThan(0);
    expect(sentimentOf("It doesn't work on my phone", 'en')).toBeLessThan(0);
    expect(sentimentOf('The weather', 'en')).toBe(0);
  });

  it('lets a negation reach three words, and no further than a comma or a "but"', () => {
    expect(sentimentOf('not very good', 'en')).toBeLessThan(0);
    expect(sentimentOf('not what I would call good', 'en')).toBeGreaterThan(0);
    expect(sentimentOf('Not what I expected, but great', 'en')).toBeGreaterThan(0);
    expect(sentimentOf('No. Great app', 'en')).toBeGreaterThan(0);
  });

  it('counts an intensified word more and several words more than one', () => {
    expect(sentimentOf('very good', 'en')).toBeGreaterThan(sentimentOf('good', 'en'));
    expect(sentimentOf('great and fast', 'en')).toBeGreaterThan(sentimentOf('great', 'en'));
    expect(sentimentOf('good but slow', 'en')).toBe(0);
  });

  it.each([
    ['de', 'gut', 'nicht gut'],
    ['de', 'Der Checkout funktioniert', 'Der Checkout funktioniert nicht'],
    ['fr', 'bon', 'pas bon'],
    ['fr', 'Ça marche', 'Ça ne marche pas'],
    ['es', 'funciona', 'no funciona'],
    ['it', 'funziona', 'non funziona'],
    ['pt-BR', 'funciona', 'não funciona'],
    ['nl', 'Het werkt', 'Het werkt niet'],
  ])('reads %s "%s" as positive and "%s" as negative', (locale, positive, negative) => {
    expect(sentimentOf(positive, locale)).toBeGreaterThan(0);
    expect(sentimentOf(negative, locale)).toBeLessThan(0);
  });

  it('is neutral for a language without a lexicon', () => {
    expect(sentimentOf('Det är jättebra', 'sv')).toBe(0);
    expect(sentimentOf('good', 'ja-JP')).toBe(0);
  });

  it('stays within -1..1 for any text', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom('en', 'de', 'fr', 'es', 'xx'), (text, locale) => {
        const score = sentimentOf(text, locale);
        expect(score).toBeGreaterThanOrEqual(-1);
        expect(score).toBeLessThanOrEqual(1);
      }),
    );
    expect(sentimentOf('great amazing excellent perfect love awesome '.repeat(50), 'en')).toBeLessThan(1);
  });

  it('scores every word of each lexicon on its own with its sign, so no word is listed as both', () => {
    const expand = (list: string) =>
      list
        .split(/\s+/)
        .filter(Boolean)
        .flatMap((entry) => {
          const [stem = '', ...endings] = entry.split('|');
          return [stem, ...endings.map((ending) => stem + ending)];
        });
    for (const [language, lexicon] of Object.entries(LEXICONS)) {
      for (const word of expand(lexicon.positive)) expect([language, word, sentimentOf(word, language)]).toEqual([language, word, 0.5]);
      for (const word of expand(lexicon.negative)) expect([language, word, sentimentOf(word, language)]).toEqual([language, word, -0.5]);
    }
  });
});
