import { render } from 'preact';
import { adoptStyles } from '../adopt-styles.ts';
import {
  createEmitter,
  type HeedEvent,
  type HeedSubmission,
  type HeedSubmitResult,
  type HeedUser,
  type OpenOptions,
  type Session,
} from '../api.ts';
import { readFormConfig } from '../config.ts';
import { startPageOutbox } from '../delivery/page-outbox.ts';
import { pageLanguages, type Answers } from '../delivery/payload.ts';
import { sendFeedback, type DeliveryResult } from '../delivery/send.ts';
import { createSubmitter } from '../delivery/submission.ts';
import { EN, type Strings } from '../i18n/en.ts';
import { isRtl, loadStrings, mergeStrings, pickLanguage } from '../i18n/locale.ts';
import { PANEL_GLOBAL, TURNSTILE_GLOBAL, type MountPanel, type StartTurnstile } from '../panel-contract.ts';
import panelCss from '../styles/panel.css?inline';
import { createUuid } from '../uuid.ts';
import { warn } from '../warn.ts';
import type { Opening } from './Form.tsx';
import { Panel } from './Panel.tsx';
import { loadRemoteConfig, type RemoteConfig } from './remote-config.ts';

/*
 * The form's bundle: the composition root. Loading it only registers `mount` for the loader;
 * everything else (the outbox and its page listeners, the config, the form) starts when the
 * loader mounts the widget, and stops when it is destroyed.
 */

const EVENTS: HeedEvent[] = ['open', 'close', 'submit', 'error'];

/** Set by the build: the bundled languages, and the content hash in their file names (widget/locales/de.<hash>.json). */
declare const __HEED_LANGUAGES__: string[];
declare const __HEED_LOCALES_HASH__: string;
declare const __HEED_TURNSTILE_FILE__: string;
const LANGUAGES = __HEED_LANGUAGES__;

/** Resolves once the page is parsed: an inline form's element may come after the script. */
const parsed = () =>
  new Promise<void>((resolve) =>
    document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', () => resolve()) : resolve(),
  );

const mount: MountPanel = ({ root, launcher, config: launcherConfig, source, commands }) => {
  const config = { ...launcherConfig, ...readFormConfig(source) };
  const session: Session = { user: {}, metadata: {}, opening: {} };
  const events = createEmitter();
  const { emit } = events;
  // Refusals can come long after the form stopped waiting (a later attempt, an earlier page's
  // submission): the form that sent one reads it if still waiting; listeners always hear of it.
  const refusals = new Map<string, DeliveryResult>();
  const delivery = startPageOutbox((id, result) => {
    refusals.set(id, result);
    if (!result.ok) emit('error', { id, message: result.message, fields: result.fields });
  });
  const submitterDeps = { project: config.project, endpoint: config.endpoint, outbox: delivery.outbox, refusals, send: sendFeedback, emit };
  const submitForm = createSubmitter({ ...submitterDeps, session });

  let open = false;
  let opening: Opening | null = null;
  // Focus goes back to what opened the form, if it is still there to take it.
  let opener: Element | null = null;
  // Known once the page is parsed: drawn inside the page's element (data-mount), which always shows it.
  let inline = false;
  let destroyed = false;
  let redraw = () => {};

  function setOpen(next: boolean, options?: OpenOptions, from: Element | null = document.activeElement): void {
    if (next && !open) {
      session.opening = options?.metadata ?? {};
      opening = { category: options?.category };
      opener = from === document.body ? launcher : from;
    }
    // The inline form stays where the page put it.
    if (next === open || (inline && !next)) return;
    open = next;
    launcher.setAttribute('aria-expanded', String(open));
    emit(open ? 'open' : 'close');
    redraw();
    // Only if focus was in the form: closing from code must not pull focus from where the visitor is.
    if (!open && root.activeElement && opener?.isConnected && !(opener as HTMLElement).hidden) (opener as HTMLElement).focus();
  }

  adoptStyles(root, panelCss);
  const language = pickLanguage([config.locale, ...pageLanguages()], LANGUAGES);
  if (config.locale && language === 'en' && !/^en\b/i.test(config.locale)) {
    warn(`No texts for locale "${config.locale}"; showing English. Available: en,${LANGUAGES}.`);
  }
  for (const key of Object.keys(config.texts ?? {})) {
    if (key !== 'launcher' && !(key in EN)) warn(`texts.${key} is not a text of the form; see widget/i18n/en.ts.`);
  }
  const besideScript = (path: string) => new URL(`widget/${path}`, source.script.src).href;
  // The project's config and the texts load together; neither waits for the other, and neither rejects.
  const settings = loadRemoteConfig(config.endpoint, config.project);
  // When the config (and its form ticket) arrived: sooner than minSeconds after that, the server
  // would hold a submission back as a bot's (without minSeconds the delay is NaN, which setTimeout
  // runs at once). Also after the outbox's start-up attempt, whose cross-tab lock would leave a
  // submission made meanwhile queued instead of tried.
  const servedAt = settings.then(() => Date.now());
  const readyToSend = async ({ minSeconds }: RemoteConfig) => {
    const start = await servedAt;
    await delivery.ready;
    return new Promise((resolve) => setTimeout(resolve, start + minSeconds! * 1000 - Date.now()));
  };

  /**
   * `Heed('submit', …)`: a site's own form, through the same outbox and events as ours (no
   * Turnstile: it needs the form). The server checks it: a refusal (no rating or comment, a bad
   * value) comes back with its reason, as the form's do.
   */
  async function submitHeadless(submission: HeedSubmission = {}): Promise<HeedSubmitResult> {
    const id = submission.id ?? createUuid();
    const remote = await settings;
    const { rating, metadata } = submission;
    const answers: Answers = {
      ...submission,
      rating: typeof rating === 'number' ? { kind: remote.ratingKind, value: rating } : rating,
      ticket: remote.ticket,
    };
    await readyToSend(remote);
    const send = createSubmitter({ ...submitterDeps, id, firstAttemptWaitMs: Infinity, session: { ...session, opening: { ...metadata } } });
    const result = await send(answers);
    return result.ok ? { ok: true, id, queued: !!result.queued } : { ok: false, id, message: result.message, fields: result.fields };
  }

  /** The API calls the loader passes on; a bad call is warned, never thrown into the page. */
  const command = (name: string, args: unknown[]): unknown => {
    // Checked where it matters: the API is untyped at run time, and each call copes with odd values.
    const [first, second] = args as [never, never];
    if (name === 'open') setOpen(true, first, second);
    if (name === 'close') setOpen(false);
    if (name === 'identify') session.user = { ...(first as HeedUser) };
    if (name === 'setMetadata') Object.assign(session.metadata, first);
    if (name === 'submit') return submitHeadless(first);
    if (name === 'off') events.off(first, second);
    if (name === 'on') return EVENTS.includes(first) ? events.on(first, second) : warn(`No "${String(first)}" event; there are ${EVENTS}.`);
  };
  for (const [name, args] of commands) command(name, args);

  // The form's own element, so Preact owns it and not the launcher beside it in the shadow root.
  const frame = document.createElement('div');
  const prefersDark = matchMedia('(prefers-color-scheme: dark)');

  function draw([remote, translated]: [RemoteConfig, Strings, unknown]): void {
    if (destroyed) return;
    const host = root.host as HTMLElement;
    let place: Element | null = null;
    try {
      place = config.mount ? document.querySelector(config.mount) : null;
    } catch {
      // not a valid selector: warned below like one that matches nothing
    }
    if (config.mount && !place) {
      warn(`No element matches data-mount="${config.mount}".`);
      launcher.hidden = config.position === 'none';
    }
    inline = !!place;
    place?.append(host);
    const { accent, onAccent, mode } = remote.theme;
    // The server sends the text colour that reads on the project's accent with it.
    if (accent) host.style.setProperty('--heed-accent', accent);
    if (onAccent) host.style.setProperty('--heed-on-accent', onAccent);
    const challenge = remote.turnstileSiteKey ? Object.assign(document.createElement('div'), { className: 'challenge' }) : undefined;
    // Only projects that ask for Turnstile load it (ours beside this script, then Cloudflare's).
    const turnstileToken =
      challenge &&
      new Promise<StartTurnstile | undefined>((resolve) => {
        const script = document.createElement('script');
        script.src = besideScript(__HEED_TURNSTILE_FILE__);
        script.onload = script.onerror = () => resolve(window[TURNSTILE_GLOBAL]);
        document.head.append(script);
      }).then((start) => start?.(remote.turnstileSiteKey!, challenge));
    // Precedence, lowest first: the language's texts, the project's (remote) texts, the page's init texts.
    const strings = mergeStrings({ ...translated, ...remote.texts, ...config.texts });
    const submit = async (answers: Answers) => {
      await readyToSend(remote);
      // What the server's spam checks read: the form's ticket, and the visitor's challenge.
      return submitForm({ ...answers, ticket: remote.ticket, turnstileToken: await (await turnstileToken)?.() });
    };
    redraw = () =>
      render(
        <Panel
          strings={strings}
          ratingKind={remote.ratingKind}
          categories={remote.categories}
          email={remote.email}
          followUp={remote.followUp}
          position={config.position}
          inline={inline}
          language={language}
          direction={isRtl(language) ? 'rtl' : 'ltr'}
          // `auto` follows the visitor's system theme while the page is open.
          theme={mode === 'auto' ? (prefersDark.matches ? 'dark' : 'light') : mode}
          open={open}
          opening={opening}
          submit={submit}
          onClose={() => setOpen(false)}
          challenge={challenge}
        />,
        frame,
      );
    prefersDark.addEventListener('change', redraw);
    root.append(frame);
    redraw();
    // The inline form is part of the page: it shows at once.
    if (inline) setOpen(true);
  }
  // A failing draw must not reach the host page.
  void Promise.all([settings, loadStrings(language, besideScript(`locales/${language}.${__HEED_LOCALES_HASH__}.json`)), parsed()])
    .then(draw)
    .catch((error: unknown) => warn('The feedback form failed to render:', error));

  return {
    command,
    destroy: () => {
      destroyed = true;
      delivery.stop();
      prefersDark.removeEventListener('change', redraw);
      events.clear();
      render(null, frame);
      frame.remove();
    },
  };
};

window[PANEL_GLOBAL] = mount;
