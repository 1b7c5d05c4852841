import { adoptStyles } from '../adopt-styles.ts';
import { readFormConfig } from '../config.ts';
import { createEmitter, type HeedEvent, type HeedUser, type OpenOptions, type Session } from '../api.ts';
import { createOutbox, OUTBOX_PREFIX, type Outbox } from '../delivery/outbox.ts';
import { sendFeedback, type DeliveryResult } from '../delivery/send.ts';
import { createSubmitter } from '../delivery/submission.ts';
import { PANEL_GLOBAL, TURNSTILE_GLOBAL, type PanelHandle, type PanelMountOptions, type StartTurnstile } from '../panel-contract.ts';
import panelCss from '../styles/panel.css?inline';
import { h } from './dom.ts';
import { createPanel, type PanelView } from './panel.ts';
import { loadRemoteConfig, type RemoteConfig } from './remote-config.ts';
import { EN, type Strings } from '../i18n/en.ts';
import { isRtl, loadStrings, mergeStrings, pickLanguage } from '../i18n/locale.ts';

const EVENTS: HeedEvent[] = ['open', 'close', 'submit', 'error'];

/** Set by the build: each bundled language's content-hashed file under widget/locales/. */
declare const __HEED_LOCALES__: Record<string, string>;
declare const __HEED_TURNSTILE_FILE__: string;

const refusals = new Map<string, DeliveryResult>();
/** Each mounted form's `error` event: refusals can arrive long after the form stopped waiting. */
const errorListeners = new Set<(detail: unknown) => void>();

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
let outbox: Outbox | undefined;

/** One outbox per page, created on first use; null where storage is blocked (sandboxed frames). */
function pageOutbox(): Outbox | null {
  if (outbox) return outbox;
  const storage = pageStorage();
  if (!storage) return null;
  outbox = createOutbox({
    storage,
    send: sendFeedback,
    onRejected: (id, result) => {
      refusals.set(id, result);
      // The form that sent it reads the refusal if still waiting; everyone listening hears of it.
      setTimeout(() => refusals.delete(id), 10_000);
      for (const listener of errorListeners) listener({ id, message: result.ok ? '' : result.message });
    },
  });
  const flush = () => void outbox?.flush();
  addEventListener('online', flush);
  // Another tab queued something (it may be offline while this one is not): try it from here too.
  addEventListener('storage', (event) => {
    if (event.key?.startsWith(OUTBOX_PREFIX) && event.newValue) flush();
  });
  // Leaving: hand what is still waiting to sendBeacon; the next page load sends it again if needed
  // (the server answers a replay with 200 and stores nothing twice).
  addEventListener('pagehide', () => outbox?.beacon());
  // What an earlier page left goes as soon as this bundle is here, at idle time or on a click
  // after a failed load (an ad-blocker switched off): mounting creates the outbox too.
  void outbox.flush();
  return outbox;
}

/** Creating the outbox sends what waits; once created, its timers and events take over. */
function flushOutbox(): void {
  pageOutbox();
}

/** localStorage, or null where a page's settings block it (then triggers and cooldowns are off). */
function pageStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

function mount({ root, launcher, source, inline, commands, returnFocusTo, onOpenChange }: PanelMountOptions): PanelHandle {
  const form = readFormConfig(source);
  if ('error' in form) throw new Error(form.error);
  const config = { ...launcher, ...form };
  const session: Session = { user: {}, metadata: {}, opening: {} };
  let category: string | undefined;
  const events = createEmitter();
  const emit: typeof events.emit = (event, detail) => {
    // Refusals reach `error` listeners through errorListeners, from the outbox.
    if (event !== 'error') events.emit(event, detail);
  };
  const onError = (detail: unknown) => events.emit('error', detail);
  errorListeners.add(onError);
  /** The API calls this bundle owns (the loader queues them until it is here). */
  const command = (name: string, args: unknown[]): unknown => {
    if (name === 'identify') session.user = { ...(args[0] as HeedUser) };
    if (name === 'setMetadata') Object.assign(session.metadata, args[0]);
    if (name === 'on' && !EVENTS.includes(args[0] as HeedEvent)) return console.warn(`[heed] No "${String(args[0])}" event; there are ${EVENTS.join(', ')}.`);
    if (name === 'on') return events.on(args[0] as HeedEvent, args[1] as (detail: unknown) => void);
    if (name === 'off') events.off(args[0] as HeedEvent, args[1] as (detail: unknown) => void);
  };
  for (const [name, args] of commands) command(name, args);

  adoptStyles(root, panelCss);
  const language = pickLanguage(
    [config.locale, document.documentElement.lang, ...(navigator.languages ?? [navigator.language])],
    Object.keys(__HEED_LOCALES__),
  );
  const file = __HEED_LOCALES__[language];
  if (config.locale && language === 'en' && !/^en\b/i.test(config.locale)) {
    console.warn(`[heed] No texts for locale "${config.locale}"; showing English. Available: en, ${Object.keys(__HEED_LOCALES__).join(', ')}.`);
  }
  for (const key of Object.keys(config.texts ?? {})) {
    if (key !== 'launcher' && !(key in EN)) console.warn(`[heed] texts.${key} is not a text of the form; see widget/i18n/en.ts.`);
  }
  const prefersDark = matchMedia('(prefers-color-scheme: dark)');
  const submit = createSubmitter({
    project: config.project,
    endpoint: config.endpoint,
    session,
    outbox: pageOutbox() ?? NO_OUTBOX,
    refusals,
    send: sendFeedback,
    emit,
  });
  let open = false;
  let view: PanelView | undefined;
  let followTheme = () => {};

  let destroyed = false;

  function draw([settings, translated]: [RemoteConfig, Strings]): void {
    if (destroyed) return;
    if (settings.theme.accent) {
      const host = (root.host as HTMLElement).style;
      host.setProperty('--heed-accent', settings.theme.accent);
      // Text on the accent: white or near-black, whichever reads (WCAG relative luminance).
      host.setProperty('--heed-on-accent', luminance(settings.theme.accent) > 0.18 ? '#111827' : '#ffffff');
    }
    const servedAt = Date.now();
    const challenge = settings.turnstileSiteKey ? h('div', { className: 'challenge' }) : undefined;
    // Only projects that ask for Turnstile load it (ours beside this script, then Cloudflare's).
    const turnstileToken =
      challenge &&
      new Promise<StartTurnstile | undefined>((resolve) => {
        const script = h('script', { src: new URL(`widget/${__HEED_TURNSTILE_FILE__}`, config.scriptUrl).href });
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
    const { mode } = settings.theme;
    // `auto` follows the visitor's system theme while the page is open.
    followTheme = () => view?.setTheme(mode === 'auto' ? (prefersDark.matches ? 'dark' : 'light') : mode);
    followTheme();
    prefersDark.addEventListener('change', followTheme);
    root.append(view.element);
    if (open) view.open(category);
  }
  // The project's config and the texts load together; neither waits for the other. Neither load
  // rejects; a failing draw must still not reach the host page.
  void Promise.all([
    loadRemoteConfig(config.endpoint, config.project),
    loadStrings(language, file && new URL(`widget/locales/${file}`, config.scriptUrl).href),
  ])
    .then(draw)
    .catch((error: unknown) => console.warn('[heed] The feedback form failed to render:', error));

  function setOpen(next: boolean, options?: OpenOptions): void {
    if (next && !open) {
      session.opening = options?.metadata ?? {};
      category = options?.category;
    }
    // The inline form stays where the page put it.
    if (next === open || (inline && !next)) return;
    open = next;
    onOpenChange(open);
    emit(open ? 'open' : 'close');
    if (open) view?.open(category);
    else view?.close();
    // Only if focus was in the form: closing from code must not pull focus from where the visitor is.
    if (!open && root.activeElement) returnFocusTo()?.focus();
  }

  return {
    open: (options) => setOpen(true, options),
    close: () => setOpen(false),
    toggle: () => setOpen(!open),
    destroy: () => {
      destroyed = true;
      errorListeners.delete(onError);
      prefersDark.removeEventListener('change', followTheme);
      events.clear();
      view?.element.remove();
      view = undefined;
    },
    command,
  };
}

/** Where storage is blocked every submission is one direct attempt, its result shown as it is. */
const NO_OUTBOX: Outbox = { add: () => false, flush: async () => {}, beacon: () => {}, has: () => false };

window[PANEL_GLOBAL] = { mount, flushOutbox };
