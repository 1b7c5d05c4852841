import { adoptStyles } from './adopt-styles.ts';
import type { HeedFunction, OpenOptions } from './api.ts';
import { readConfig, type InitOptions, type ScriptConfig } from './config.ts';
import { hasWaitingFeedback } from './delivery/outbox.ts';
import { PANEL_GLOBAL, type Command, type PanelHandle, type PanelModule } from './panel-contract.ts';
import launcherCss from './styles/launcher.css?inline';

/** Set by the build: the content-hashed file name of the panel bundle. */
declare const __HEED_PANEL_FILE__: string;

// Only true while this script first runs; later it is null.
const currentScript = document.currentScript as HTMLScriptElement | null;

const SVG = 'http://www.w3.org/2000/svg';
/** Calls the panel owns; the loader only queues them until it has loaded (keeps the loader small). */
const PANEL_COMMANDS = ['identify', 'setMetadata', 'on'];

/** The speech-bubble icon, built as DOM (no innerHTML, so pages enforcing Trusted Types work). */
function chatIcon(): SVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z');
  svg.append(path);
  return svg;
}

const warn = (what: string) => (error?: unknown) => console.warn(`[heed] ${what}`, error ?? '');

/** Draws the launcher; returns the runner of API calls, which loads the panel when one needs it. */
function start(config: ScriptConfig, commands: Command[]): (...command: Command) => unknown {
  // Inline mode draws the form inside the page's element; without that element, the usual launcher.
  let place: Element | null = null;
  try {
    place = config.mount ? document.querySelector(config.mount) : null;
  } catch {
    // not a valid selector: warned below like one that matches nothing
  }
  if (config.mount && !place) warn(`No element matches data-mount="${config.mount}"; showing the launcher instead.`)();
  const host = document.createElement('heed-widget');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, launcherCss);

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.dataset.position = config.position;
  launcher.hidden = config.position === 'none' || !!place;
  launcher.setAttribute('aria-haspopup', 'dialog');
  launcher.setAttribute('aria-expanded', 'false');
  const label = document.createElement('span');
  label.textContent = config.label;
  launcher.append(chatIcon(), label);
  root.append(launcher);
  (place ?? document.body).append(host);

  // Focus returns to whatever opened the form: the launcher or a [data-heed-open] element.
  let opener: HTMLElement = launcher;

  let module: Promise<PanelModule> | undefined;
  const loadModule = (): Promise<PanelModule> =>
    (module ??= new Promise<PanelModule>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL(`widget/${__HEED_PANEL_FILE__}`, config.scriptUrl).href;
      script.async = true;
      script.onload = () => {
        const loaded = window[PANEL_GLOBAL];
        if (loaded) resolve(loaded);
        else reject(new Error('the panel script did not register'));
      };
      script.onerror = () => reject(new Error(`could not load ${script.src}`));
      document.head.append(script);
    }).catch((error: unknown) => {
      module = undefined; // let a later click try again
      throw error;
    }));

  let panel: PanelHandle | undefined;
  let destroyed = false;
  let disarmTriggers = () => {};
  // Calls act in the order they were made even while the form loads: `open` then `close` ends
  // closed, and nothing is mounted after `destroy`.
  let wantOpen = false;
  const withPanel = (action: (handle: PanelHandle) => void) =>
    void loadModule()
      .then((loaded) => {
        if (destroyed) return;
        panel ??= loaded.mount({
          root,
          config,
          inline: !!place,
          commands,
          returnFocusTo: () => (opener.isConnected && !opener.hidden ? opener : null),
          onOpenChange: (open) => launcher.setAttribute('aria-expanded', String(open)),
        });
        action(panel);
      })
      .catch(warn('The feedback form could not be loaded:'));

  // Start fetching the panel as soon as the visitor shows intent, so the click feels instant.
  for (const intent of ['pointerenter', 'focus', 'touchstart'] as const) {
    launcher.addEventListener(intent, () => void loadModule().catch(() => {}), { once: true, passive: true });
  }
  // Focus goes back to what had it when the form opened (the launcher, a [data-heed-open] button…).
  const openFrom = (from: Element | null, options?: OpenOptions) => {
    opener = from instanceof HTMLElement && from !== document.body ? from : launcher;
    wantOpen = true;
    withPanel((handle) => wantOpen && handle.open(options));
  };
  launcher.addEventListener('click', () => {
    if (launcher.getAttribute('aria-expanded') === 'true') {
      wantOpen = false;
      panel?.close();
    } else openFrom(launcher);
  });
  // Any element of the page can open the form: <button data-heed-open>Feedback</button>, and
  // pick a category in advance: <button data-heed-open="Bug">Report a bug</button>.
  const onPageClick = (event: MouseEvent) => {
    const trigger = (event.target as Element | null)?.closest?.('[data-heed-open]');
    if (!(trigger instanceof HTMLElement)) return;
    event.preventDefault();
    const category = trigger.dataset.heedOpen;
    openFrom(trigger, category ? { category } : undefined);
  };
  document.addEventListener('click', onPageClick);

  // The inline form is part of the page: it is drawn at once.
  if (place) openFrom(null);

  // Once the page is idle: send feedback an earlier page could not deliver (offline, tab closed),
  // and arm the triggers that open the form by themselves (both live in the form bundle).
  const waiting = hasWaitingFeedback();
  // Only settings that open the form need it now (match, sample and cooldown only narrow those).
  if (waiting || ['openAfter', 'openOnScroll', 'openOnExit'].some((key) => key in config.triggers)) {
    const whenIdle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 1000));
    whenIdle(
      () =>
        void loadModule().then((loaded) => {
          if (destroyed) return;
          if (waiting) loaded.flushOutbox();
          disarmTriggers = loaded.armTriggers(config, () => openFrom(document.activeElement));
        }, warn('Could not load the feedback form:')),
    );
  }

  return (name, args) => {
    if (PANEL_COMMANDS.includes(name)) {
      if (panel) return panel.command(name, args);
      const queued: Command = [name, args];
      commands.push(queued);
      // `on` answers with its unsubscribe at once, even before the form has loaded.
      return () => {
        const at = commands.indexOf(queued);
        if (at >= 0) commands.splice(at, 1);
        else panel?.command('off', args);
      };
    }
    if (name === 'open') return openFrom(document.activeElement, args[0] as OpenOptions | undefined);
    if (name === 'close') return void ((wantOpen = false), panel?.close());
    if (name === 'show' || name === 'hide') return void (launcher.hidden = name === 'hide');
    if (name !== 'destroy') return warn(`Unknown command "${name}".`)();
    destroyed = true;
    disarmTriggers();
    panel?.destroy();
    panel = undefined;
    host.remove();
    document.removeEventListener('click', onPageClick);
    delete window.Heed;
  };
}

/**
 * Installs `window.Heed` and replays calls queued before this script arrived by the snippet
 * `window.Heed = window.Heed || function () { (Heed.q = Heed.q || []).push(arguments) }`.
 * `init` calls are applied first, as they configure the widget the other calls act on.
 */
function boot(): void {
  const queued = Array.from(window.Heed?.q ?? [], (args) => Array.from(args) as [string, ...unknown[]]);
  const init = Object.assign({}, ...queued.filter(([name]) => name === 'init').map(([, options]) => options)) as InitOptions;
  const config = readConfig(currentScript, init);
  if ('error' in config) return warn(config.error)();
  // Pasted twice: one widget is enough.
  if (document.querySelector('heed-widget')) return;

  const waiting: Command[] = [];
  let run: ((...command: Command) => unknown) | undefined;
  const call = (name: string, args: unknown[]): unknown => {
    if (name === 'init') return run ? warn('"init" only works before the widget starts: queue it with the snippet.')() : undefined;
    if (!run) return void waiting.push([name, args]);
    try {
      return run(name, args);
    } catch (error) {
      warn(`"${name}" failed:`)(error);
    }
  };
  window.Heed = Object.assign(
    (name: string, ...args: unknown[]) => call(name, args),
    Object.fromEntries(
      ['open', 'close', 'show', 'hide', 'destroy', ...PANEL_COMMANDS].map((name) => [name, (...args: unknown[]) => call(name, args)]),
    ),
  ) as HeedFunction;
  for (const [name, ...args] of queued) call(name, args);

  const begin = () => {
    try {
      run = start(config, []);
      for (const [name, args] of waiting.splice(0)) call(name, args);
    } catch (error) {
      warn('The widget could not start:')(error);
    }
  };
  if (document.body) begin();
  else document.addEventListener('DOMContentLoaded', begin, { once: true });
}

try {
  boot();
} catch (error) {
  warn('The widget could not start:')(error);
}
