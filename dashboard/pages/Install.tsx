import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { CSAT_BANDS, NPS_BANDS, RATING_KINDS, ratingValues, type RatingKind } from '../../contract/rating-kinds.ts';
import { FOLLOW_UP_QUESTION_MAX_LENGTH, type WidgetConfig } from '../../contract/widget-config.ts';
import { answer, problemText, useApi, useResource } from '../api.ts';
import { Loaded } from '../components/States.tsx';
import { ratingText } from '../format.ts';
import { DEFAULT_EMBED, embedSnippet, encodeConfig, type EmbedOptions } from '../snippet.ts';

/** How the designer offers each kind (a new kind in the contract fails to compile until it has a label here). */
const KIND_LABELS: Record<RatingKind, string> = {
  stars: 'Stars (1–5)',
  emoji: 'Faces (5)',
  thumbs: 'Thumbs up or down',
  nps: 'NPS (0–10)',
  csat: 'Satisfaction (1–5)',
};
/**
 * Where a follow-up band starts when the owner turns it on or picks another kind: the kind's own
 * groups where it has them (NPS detractors and promoters, CSAT unsatisfied and satisfied).
 */
const FOLLOW_UP_DEFAULTS: Record<RatingKind, { atMost: number; atLeast: number }> = {
  stars: { atMost: 2, atLeast: 5 },
  emoji: { atMost: 2, atLeast: 5 },
  thumbs: { atMost: 0, atLeast: 1 },
  nps: { atMost: NPS_BANDS.detractor.max, atLeast: NPS_BANDS.promoter.min },
  csat: { atMost: CSAT_BANDS.unsatisfied.max, atLeast: CSAT_BANDS.satisfied.min },
};
const POSITIONS = ['bottom-right', 'bottom-left', 'top-right', 'top-left', 'side-right', 'side-left', 'none'];
const LOCALES = ['', 'en', 'ar', 'de', 'es', 'fr', 'he', 'it', 'ja', 'nl', 'pt', 'zh'];

/** The embed snippet, and a designer whose changes show at once in the real widget, saved to the project's remote config. */
export function Install() {
  const { client } = useApi();
  const key = useRoute().params.key!;
  const [project, reload] = useResource(() => client.v1.projects[':key'].$get({ param: { key } }).then(answer), [key]);
  return (
    <section class="install">
      <h1>Install</h1>
      <Loaded resource={project} retry={reload}>
        {(p) => <Designer key={p.key} projectKey={p.key} saved={p.widgetConfig} />}
      </Loaded>
    </section>
  );
}

/** Its state is the design: what it saves is what it shows, so a save needs no reload. */
function Designer({ projectKey, saved }: { projectKey: string; saved: WidgetConfig }) {
  const { client } = useApi();
  const [config, setConfig] = useState<WidgetConfig>(saved);
  const [embed, setEmbed] = useState<EmbedOptions>(DEFAULT_EMBED);
  const [outcome, setOutcome] = useState<{ text: string; error: boolean } | null>(null);
  const [copied, setCopied] = useState(false);
  // The preview follows the designer, a moment after the last change.
  const [previewSrc, setPreviewSrc] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => {
      const query = new URLSearchParams({ project: projectKey, config: encodeConfig(previewable(config)), theme: config.theme.mode });
      if (embed.locale) query.set('locale', embed.locale);
      setPreviewSrc(`/admin/preview.html?${query}`);
    }, 250);
    return () => clearTimeout(timer);
  }, [config, embed.locale, projectKey]);

  const snippet = embedSnippet(location.origin, projectKey, embed);
  const set = (change: Partial<WidgetConfig>) => setConfig({ ...config, ...change });
  const setText = (name: keyof WidgetConfig['texts'], value: string) => {
    const texts = { ...config.texts };
    if (value.trim()) texts[name] = value;
    else delete texts[name];
    set({ texts });
  };
  // Thresholds mean something else on another scale: each band on starts again at the new kind's default.
  const setKind = (ratingKind: RatingKind) => {
    const { low, high } = config.followUp;
    const start = FOLLOW_UP_DEFAULTS[ratingKind];
    set({
      ratingKind,
      followUp: {
        ...(low ? { low: { ...low, atMost: start.atMost } } : {}),
        ...(high ? { high: { ...high, atLeast: start.atLeast } } : {}),
      },
    });
  };
  const value = (event: Event) => (event.target as HTMLInputElement).value;

  return (
    <>
      <h2>Embed snippet</h2>
      <p>Paste it before the closing body tag of every page that should show the widget.</p>
      <div class="snippet">
        <code id="snippet">{snippet}</code>
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard.writeText(snippet);
            setCopied(true);
            setTimeout(() => setCopied(false), 2000);
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <span role="status" class="visually-hidden">
          {copied ? 'The snippet is on the clipboard.' : ''}
        </span>
      </div>
      <div class="designer">
        <form
          aria-label="Widget design"
          onSubmit={async (event) => {
            event.preventDefault();
            setOutcome(null);
            try {
              await client.v1.projects[':key'].$patch({ param: { key: projectKey }, json: { widgetConfig: config } }).then(answer);
              setOutcome({ text: 'Saved: visitors see it within a minute.', error: false });
            } catch (error) {
              setOutcome({ text: problemText(error), error: true });
            }
          }}
        >
          <label>
            Rating
            <select value={config.ratingKind} onChange={(event) => setKind(value(event) as RatingKind)}>
              {RATING_KINDS.map((kind) => (
                <option value={kind}>{KIND_LABELS[kind]}</option>
              ))}
            </select>
          </label>
          <label>
            Title
            <input
              value={config.texts.title ?? ''}
              maxLength={120}
              placeholder="Send feedback"
              onInput={(event) => setText('title', value(event))}
            />
          </label>
          <label>
            Comment label
            <input
              value={config.texts.commentLabel ?? ''}
              maxLength={120}
              placeholder="Comment (optional)"
              onInput={(event) => setText('commentLabel', value(event))}
            />
          </label>
          <label>
            Button
            <input
              value={config.texts.submit ?? ''}
              maxLength={40}
              placeholder="Send feedback"
              onInput={(event) => setText('submit', value(event))}
            />
          </label>
          <label>
            Thanks
            <input
              value={config.texts.thanks ?? ''}
              maxLength={200}
              placeholder="Thank you! Your feedback was sent."
              onInput={(event) => setText('thanks', value(event))}
            />
          </label>
          <label>
            Accent colour
            <input
              type="color"
              value={config.theme.accent ?? '#4338ca'}
              onInput={(event) => set({ theme: { ...config.theme, accent: value(event) } })}
            />
          </label>
          <label>
            Theme
            <select
              value={config.theme.mode}
              onChange={(event) => set({ theme: { ...config.theme, mode: value(event) as WidgetConfig['theme']['mode'] } })}
            >
              <option value="auto">Follow the visitor’s system</option>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
          <label>
            Categories (comma separated, up to 8)
            <input
              value={config.categories.join(', ')}
              onChange={(event) =>
                set({
                  categories: value(event)
                    .split(',')
                    .map((c) => c.trim())
                    .filter(Boolean),
                })
              }
            />
          </label>
          <label>
            Email
            <select value={config.email} onChange={(event) => set({ email: value(event) as WidgetConfig['email'] })}>
              <option value="optional">Optional</option>
              <option value="required">Required</option>
              <option value="off">Not asked</option>
            </select>
          </label>
          <FollowUpFields config={config} onChange={(followUp) => set({ followUp })} />
          <fieldset>
            <legend>In the snippet</legend>
            <label>
              Launcher position
              <select value={embed.position} onChange={(event) => setEmbed({ ...embed, position: value(event) })}>
                {POSITIONS.map((position) => (
                  <option value={position}>{position}</option>
                ))}
              </select>
            </label>
            <label>
              Language
              <select value={embed.locale} onChange={(event) => setEmbed({ ...embed, locale: value(event) })}>
                {LOCALES.map((locale) => (
                  <option value={locale}>{locale || 'The page’s, then the browser’s'}</option>
                ))}
              </select>
            </label>
          </fieldset>
          <fieldset>
            <legend>Open by itself (all optional)</legend>
            <label>
              After (seconds)
              <input
                type="number"
                min="1"
                max="86400"
                value={embed.openAfter}
                onInput={(event) => setEmbed({ ...embed, openAfter: value(event) })}
              />
            </label>
            <label>
              After scrolling (% of the page)
              <input
                type="number"
                min="1"
                max="100"
                value={embed.openOnScroll}
                onInput={(event) => setEmbed({ ...embed, openOnScroll: value(event) })}
              />
            </label>
            <label class="check">
              <input
                type="checkbox"
                checked={embed.openOnExit}
                onChange={(event) => setEmbed({ ...embed, openOnExit: (event.target as HTMLInputElement).checked })}
              />{' '}
              When the visitor is about to leave (desktop)
            </label>
            <label>
              Only on pages (comma separated, * is any text)
              <input
                value={embed.match}
                placeholder="/pricing*, /docs/*"
                onInput={(event) => setEmbed({ ...embed, match: value(event) })}
              />
            </label>
            <label>
              Ask only this share of visitors (%)
              <input
                type="number"
                min="1"
                max="100"
                value={embed.sample}
                onInput={(event) => setEmbed({ ...embed, sample: value(event) })}
              />
            </label>
            <label>
              Don’t ask again for (days after an answer or dismissal)
              <input
                type="number"
                min="1"
                max="3650"
                value={embed.cooldown}
                onInput={(event) => setEmbed({ ...embed, cooldown: value(event) })}
              />
            </label>
          </fieldset>
          <button type="submit">Save design</button>
          <p class={outcome?.error ? 'error' : 'notice'} role={outcome?.error ? 'alert' : 'status'}>
            {outcome?.text}
          </p>
        </form>
        <div class="preview">
          <h2>Preview</h2>
          {/*
            In an origin of its own (no allow-same-origin): the widget runs as on a visitor's page,
            but nothing in the frame can read the dashboard's token or reach its page. Forms, so
            the widget's own form can be sent (Chromium blocks the submit event without them);
            its page's CSP keeps any form action to this server.
          */}
          {previewSrc && <iframe title="Widget preview" src={previewSrc} sandbox="allow-scripts allow-forms" />}
        </div>
      </div>
    </>
  );
}

/** The design as the preview can show it now: a follow-up still without its question is left out until it has one. */
function previewable(config: WidgetConfig): WidgetConfig {
  const { low, high } = config.followUp;
  return {
    ...config,
    followUp: {
      ...(low?.question.trim() ? { low } : {}),
      ...(high?.question.trim() ? { high } : {}),
    },
  };
}

/** One band of follow-ups as the designer edits it: its threshold (at most for low, at least for high) and question. */
interface Band {
  threshold: number;
  question: string;
}

const BANDS = {
  low: {
    on: 'Ask one more question after a low rating',
    threshold: 'Low means a rating of at most',
    question: 'Question after a low rating',
    placeholder: 'What went wrong?',
  },
  high: {
    on: 'Ask one more question after a high rating',
    threshold: 'High means a rating of at least',
    question: 'Question after a high rating',
    placeholder: 'What did you like most?',
  },
};

/** The follow-up questions: each band on or off, its threshold on the chosen kind's scale, and its question. */
function FollowUpFields({ config, onChange }: { config: WidgetConfig; onChange: (followUp: WidgetConfig['followUp']) => void }) {
  const kind = config.ratingKind;
  const { low, high } = config.followUp;
  const setLow = (band: Band | null) => {
    const { low: _low, ...rest } = config.followUp;
    onChange(band ? { ...rest, low: { atMost: band.threshold, question: band.question } } : rest);
  };
  const setHigh = (band: Band | null) => {
    const { high: _high, ...rest } = config.followUp;
    onChange(band ? { ...rest, high: { atLeast: band.threshold, question: band.question } } : rest);
  };
  // The widget asks the low question where the bands overlap.
  const overlap = low && high && low.atMost >= high.atLeast ? ratingValues(kind).filter((v) => v >= high.atLeast && v <= low.atMost) : [];

  return (
    <fieldset>
      <legend>Follow-up questions</legend>
      <p class="sub">One more question, asked as its own step after the rating; the answer arrives with the feedback.</p>
      <FollowUpBand
        id="low"
        kind={kind}
        band={low && { threshold: low.atMost, question: low.question }}
        start={FOLLOW_UP_DEFAULTS[kind].atMost}
        onChange={setLow}
      />
      <FollowUpBand
        id="high"
        kind={kind}
        band={high && { threshold: high.atLeast, question: high.question }}
        start={FOLLOW_UP_DEFAULTS[kind].atLeast}
        onChange={setHigh}
      />
      {overlap.length > 0 && (
        <p class="sub" role="status">
          {overlap.length === 1 ? `${ratingText({ kind, value: overlap[0]! })} is` : `${overlap.length} ratings are`} in both: the question
          after a low rating is asked.
        </p>
      )}
    </fieldset>
  );
}

function FollowUpBand({
  id,
  kind,
  band,
  start,
  onChange,
}: {
  id: keyof typeof BANDS;
  kind: RatingKind;
  band: Band | undefined;
  /** The threshold it starts at when turned on. */
  start: number;
  onChange: (band: Band | null) => void;
}) {
  const text = BANDS[id];
  // What was typed stays while the band is off, for turning it back on.
  const [kept, setKept] = useState(band?.question ?? '');
  return (
    <div class="follow-up-band">
      <label class="check">
        <input
          type="checkbox"
          checked={band !== undefined}
          onChange={(event) => {
            if (!(event.target as HTMLInputElement).checked) {
              setKept(band?.question ?? '');
              onChange(null);
            } else onChange({ threshold: start, question: kept });
          }}
        />
        {text.on}
      </label>
      {band && (
        <>
          <label>
            {text.threshold}
            <select
              value={String(band.threshold)}
              onChange={(event) => onChange({ ...band, threshold: Number((event.target as HTMLSelectElement).value) })}
            >
              {ratingValues(kind).map((v) => (
                <option value={String(v)}>{ratingText({ kind, value: v })}</option>
              ))}
            </select>
          </label>
          <label>
            {text.question}
            <input
              value={band.question}
              required
              maxLength={FOLLOW_UP_QUESTION_MAX_LENGTH}
              placeholder={text.placeholder}
              onInput={(event) => onChange({ ...band, question: (event.target as HTMLInputElement).value })}
            />
          </label>
        </>
      )}
    </div>
  );
}
