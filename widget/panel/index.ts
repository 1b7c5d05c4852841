import { adoptStyles } from '../adopt-styles.ts';
import { readFormConfig } from '../config.ts';
import { createEmitter, type HeedEvent, type HeedUser, type OpenOptions, type Session } from '../api.ts';
import { createOutbox, OUTBOX_PREFIX, type Outbox } from '../delivery/outbox.ts';
import { sendFeedback, type DeliveryResult } from '../delivery/send.ts';
import { pageLanguages } from '../delivery/payload.ts';
import { createSubmitter } from '../delivery/submission.ts';
import { PANEL_GLOBAL, TURNSTILE_GLOBAL, type MountPanel, type StartTurnstile } from '../panel-contract.ts';
import panelCss from '../styles/panel.css?inline';
import { warn } from '../warn.ts';
import { h } from './dom.ts';
import { createPanel, type PanelView } from './panel.ts';
import { loadRemoteConfig, type RemoteConfig } from './remote-config.ts';
import { EN, type Strings } from '../i18n/en.ts';
import { isRtl, loadStrings, mergeStrings, pickLanguage } from '../i18n/locale.ts';

const EVENTS: HeedEvent[] = ['open', 'close', 'submit', 'error'];

/** Set by the build: the bundled languages, and the content hash in their file names (widget/locales/de.<hash>.json). */
declare const __HEED_LANGUAGES__: string[];
declare const __HEED_LOCALES_HASH__: string;
declare const __HEED_TURNSTILE_FILE__: string;
const LANGUAGES = __HEED_LANGUAGES__;

const refusals = new Map<string, DeliveryResult>();
/** The mounted form's `error` event: refusals can arrive long after the form stopped waiting. */
let announceRefusal = (_detail: unknown) => {};

/** The page's outbox; null where storage is blocked (sandboxed frames, privacy settings). */
const outbox = ((): Outbox | null => {
  let storage: Storage;
  try {
    storage = localStorage;
  } catch {
    return null;
  }
  const created = createOutbox({
    storage,
    send: sendFeedback,
    onRejected: (id, result) => {
      // The form that sent it reads the refusal if still waiting (and deletes it); listeners hear of it.
      refusals.set(id, result);
      announceRefusal({ id, message: result.ok ? '' : result.message });
    },
  });
  const flush = () => void created.flush();
  addEventListener('online', flush);
  // Another tab queued something (it may be offline while this one is not): try it from here too.
  addEventListener('storage', (event) => {
    if (event.key?.startsWith(OUTBOX_PREFIX) && event.newValue) flush();
  });
  // Leaving: hand what is still waiting to sendBeacon; the next page load sends it again if needed
  // (the server answers a replay with 200 and stores nothing twice).
  addEventListener('pagehide', () => created.beacon());
  // What an earlier page left goes as soon as this bundle is here (the loader fetches it at idle
  // time when something waits).
  flush();
  return created;
})();

/** Where storage is blocked every submission is one direct attempt, its result shown as it is. */
const NO_OUTBOX: Outbox = { add: () => false, flush: async () => {}, beacon: () => {}, has: () => false };

/** Resolves once the page is parsed: an inline form's element may come after the script. */
const parsed = new Promise<void>((resolve) =>
  document.readyState === 'loading' ? document.addEventListener('DOMContentLoaded', () => resolve()) : resolve(),
);

const mount: MountPanel = ({ root, launcher, config: launcherConfig, source, commands }) => {
  const config = { ...launcherConfig, ...readFormConfig(source) };
  const session: Session = { user: {}, metadata: {}, opening: {} };
  let category: string | undefined;
  // Focus goes back to what opened the form, if it is still there to take it.
  let opener: Element | null = null;
  let open = false;
  // Known once the page is parsed: drawn inside the page's element (data-mount), which always shows it.
  let inline = false;
  let view: PanelView | undefined;
  let followTheme = () => {};
  let destroyed = false;
  const events = createEmitter();
  const { emit } = events;
  announceRefusal = (detail) => emit('error', detail);

  function setOpen(next: boolean, options?: OpenOptions, from: Element | null = document.activeElement): void {
    if (next && !open) {
      session.opening = options?.metadata ?? {};
      category = options?.category;
      opener = from === document.body ? launcher : from;
    }
    // The inline form stays where the page put it.
    if (next === open || (inline && !next)) return;
    open = next;
    launcher.setAttribute('aria-expanded', String(open));
    emit(open ? 'open' : 'close');
    if (open) view?.open(category);
    else view?.close();
    // Only if focus was in the form: closing from code must not pull focus from where the visitor is.
    if (!open && root.activeElement && opener?.isConnected && !(opener as HTMLElement).hidden) (opener as HTMLElement).focus();
  }

  /** The API calls the loader passes on; a bad call is warned, never thrown into the page. */
  const command = (name: string, args: unknown[]): unknown => {
    // Checked where it matters: the API is untyped at run time, and each call copes with odd values.
    const [first, second] = args as [never, never];
    if (name === 'open') setOpen(true, first, second);
    if (name === 'close') setOpen(false);
    if (name === 'identify') session.user = { ...(first as HeedUser) };
    if (name === 'setMetadata') Object.assign(session.metadata, first);
    if (name === 'off') events.off(first, second);
    if (name === 'on') return EVENTS.includes(first) ? events.on(first, second) : warn(`No "${String(first)}" event; there are ${EVENTS}.`);
  };
  for (const [name, args] of commands) command(name, args);

  adoptStyles(root, panelCss);
  const language = pickLanguage([config.locale, ...pageLanguages()], LANGUAGES);
  if (config.locale && language === 'en' && !/^en\b/i.test(config.locale)) {
    warn(`No texts for locale "${config.locale}"; showing English. Available: en,${LANGUAGES}.`);
  }
  for (const key of Object.keys(config.texts ?? {})) {
    if (key !== 'launcher' && !(key in EN)) warn(`texts.${key} is not a text of the form; see widget/i18n/en.ts.`);
  }
  const prefersDark = matchMedia('(prefers-color-scheme: dark)');
  const submit = createSubmitter({
    project: config.project,
    endpoint: config.endpoint,
    session,
    outbox: outbox ?? NO_OUTBOX,
    refusals,
    send: sendFeedback,
    emit,
  });
  const besideScript = (path: string) => new URL(`widget/${path}`, source.script.src).href;

  function draw([settings, translated]: [RemoteConfig, Strings, unknown]): void {
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
    const { accent, onAccent, mode } = settings.theme;
    // The server sends the text colour that reads on the project's accent with it.
    if (accent) host.style.setProperty('--heed-accent', accent);
    if (onAccent) host.style.setProperty('--heed-on-accent', onAccent);
    const servedAt = Date.now();
    const challenge = settings.turnstileSiteKey ? h('div', { className: 'challenge' }) : undefined;
    // Only projects that ask for Turnstile load it (ours beside this script, then Cloudflare's).
    const turnstileToken =
      challenge &&
      new Promise<StartTurnstile | undefined>((resolve) => {
        const script = h('script', { src: besideScript(__HEED_TURNSTILE_FILE__) });
        script.onload = script.onerror = () => resolve(window[TURNSTILE_GLOBAL]);
        document.head.append(script);
      }).then((start) => start?.(settings.turnstileSiteKey!, challenge));
    view = createPanel({
      // Precedence, lowest first: the language's texts, the project's (remote) texts, the page's init texts.
      strings: mergeStrings({ ...translated, ...settings.texts, ...config.texts }),
      language,
      direction: isRtl(language) ? 'rtl' : 'ltr',
      ratingKind: settings.ratingKind,
      categories: settings.categories,
      email: settings.email,
      followUp: settings.followUp,
      position: config.position,
      inline,
      // What the server's spam checks read: when the form was served, and the visitor's challenge.
      submit: async (answers) => {
        // Sooner than minSeconds after the form was served, the server would hold it back as a bot's
        // (without minSeconds the delay is NaN, which setTimeout runs at once).
        await new Promise((resolve) => setTimeout(resolve, servedAt + settings.minSeconds! * 1000 - Date.now()));
        return submit({ ...answers, ticket: settings.ticket, turnstileToken: await (await turnstileToken)?.() });
      },
      onClose: () => setOpen(false),
      extra: challenge,
    });
    // `auto` follows the visitor's system theme while the page is open.
    followTheme = () => view?.setTheme(mode === 'auto' ? (prefersDark.matches ? 'dark' : 'light') : mode);
    followTheme();
    prefersDark.addEventListener('change', followTheme);
    root.append(view.element);
    if (open) view.open(category);
    // The inline form is part of the page: it shows at once.
    if (inline) setOpen(true);
  }
  // The project's config and the texts load together; neither waits for the other. Neither load
  // rejects; a failing draw must still not reach the host page.
  void Promise.all([
    loadRemoteConfig(config.endpoint, config.project),
    loadStrings(language, besideScript(`locales/${language}.${__HEED_LOCALES_HASH__}.json`)),
    parsed,
  ])
    .then(draw)
    .catch((error: unknown) => warn('The feedback form failed to render:', error));

  return {
    command,
    destroy: () => {
      destroyed = true;
      announceRefusal = () => {};
      prefersDark.removeEventListener('change', followTheme);
      events.clear();
      view?.element.remove();
      view = undefined;
    },
  };
};

window[PANEL_GLOBAL] = mount;
