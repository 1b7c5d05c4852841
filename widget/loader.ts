import { adoptStyles } from './adopt-styles.ts';
import type { HeedFunction, OpenOptions } from './api.ts';
import { hasOpeningTrigger, readLauncherConfig, type ConfigSource, type InitOptions } from './config.ts';
import { hasWaitingFeedback } from './delivery/outbox.ts';
import { PANEL_GLOBAL, TRIGGERS_GLOBAL, type Command, type PanelHandle } from './panel-contract.ts';
import launcherCss from './styles/launcher.css?inline';

/*
 * Everything a page loads before any interaction, so every byte counts (the build prints its
 * size against the 2 KB budget): it draws the launcher and queues API calls; the form, the
 * triggers and each language are separate bundles fetched on use, which read the rest of the config.
 */

/** Set by the build: the content-hashed file names of the form's and the triggers' bundles. */
declare const __HEED_PANEL_FILE__: string;
declare const __HEED_TRIGGERS_FILE__: string;

// Only set while this script first runs.
const currentScript = document.currentScript as HTMLScriptElement | null;

const warn = (what: string) => (error: unknown = '') => console.warn(`[heed] ${what}`, error);

/** Draws the launcher; returns the runner of API calls, which loads the form when one needs it. */
function start(source: ConfigSource): (...command: Command) => unknown {
  const config = readLauncherConfig(source);
  if ('error' in config) throw config.error;
  // Inline mode draws the form inside the page's element; without that element, the usual launcher.
  let place: Element | null = null;
  try {
    place = config.mount ? document.querySelector(config.mount) : null;
  } catch {
    // not a valid selector: warned below like one that matches nothing
  }
  if (config.mount && !place) warn(`No element matches data-mount="${config.mount}".`)();
  const host = document.createElement('heed-widget');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, launcherCss);

  const launcher = document.createElement('button');
  launcher.className = 'launcher';
  launcher.dataset.position = config.position;
  launcher.hidden = config.position === 'none' || !!place;
  launcher.setAttribute('aria-haspopup', 'dialog');
  launcher.setAttribute('aria-expanded', 'false');
  // The speech-bubble icon, built as DOM (no innerHTML, so pages enforcing Trusted Types work).
  const svg = (tag: string) => document.createElementNS('http://www.w3.org/2000/svg', tag);
  const icon = svg('svg');
  const path = svg('path');
  icon.setAttribute('viewBox', '0 0 24 24');
  path.setAttribute('d', 'M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z');
  icon.append(path);
  launcher.append(icon, config.label);
  root.append(launcher);
  (place ?? document.body).append(host);

  /** Adds one of the widget's bundles (kept beside this script) once; resolves to what it registers. */
  const loading: Record<string, Promise<unknown>> = {};
  const load = <K extends typeof PANEL_GLOBAL | typeof TRIGGERS_GLOBAL>(file: string, name: K) =>
    (loading[file] ??= new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL(`widget/${file}`, config.scriptUrl).href;
      // A bundle that did not register resolves to undefined, which fails where it is used (and is warned).
      script.onload = () => resolve(window[name]);
      script.onerror = () => reject(script.src);
      document.head.append(script);
    }).catch((error: unknown) => {
      delete loading[file]; // let a later click try again
      throw error;
    })) as Promise<NonNullable<Window[K]>>;
  const loadPanel = () => load(__HEED_PANEL_FILE__, PANEL_GLOBAL);

  // API calls the form owns (identify, setMetadata, on, off), in order, until it has loaded.
  const commands: Command[] = [];
  // Focus returns to whatever opened the form: the launcher or a [data-heed-open] element.
  let opener: HTMLElement = launcher;
  let panel: PanelHandle | undefined;
  let destroyed = false;
  let disarmTriggers = () => {};
  // Calls act in the order they were made even while the form loads: `open` then `close` ends
  // closed, and nothing is mounted after `destroy`.
  let wantOpen = false;
  const withPanel = (action: (panel: PanelHandle) => unknown) =>
    loadPanel()
      .then((loaded) => {
        if (destroyed) return;
        panel ??= loaded.mount({
          root,
          launcher: config,
          source,
          inline: !!place,
          commands,
          returnFocusTo: () => (opener.isConnected && !opener.hidden ? opener : null),
          onOpenChange: (open) => launcher.setAttribute('aria-expanded', String(open)),
        });
        action(panel);
      })
      .catch(warn('The feedback form could not be loaded:'));
  const openFrom = (from: Element | null, options?: OpenOptions) => {
    opener = from instanceof HTMLElement && from !== document.body ? from : launcher;
    wantOpen = true;
    withPanel((loaded) => wantOpen && loaded.open(options));
  };

  // Start fetching the form as soon as the visitor shows intent, so the click feels instant.
  for (const intent of ['pointerenter', 'focus', 'touchstart']) {
    launcher.addEventListener(intent, () => loadPanel().catch(() => {}), { once: true, passive: true });
  }
  launcher.onclick = () => {
    if (launcher.getAttribute('aria-expanded') === 'true') {
      wantOpen = false;
      panel?.close();
    } else openFrom(launcher);
  };
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
  // and arm the triggers that open the form by themselves.
  const whenIdle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 1000));
  whenIdle(() => {
    if (hasWaitingFeedback()) loadPanel().then((loaded) => destroyed || loaded.flushOutbox()).catch(warn('The feedback form could not be loaded:'));
    if (hasOpeningTrigger(source)) {
      load(__HEED_TRIGGERS_FILE__, TRIGGERS_GLOBAL)
        .then((arm) => {
          if (!destroyed) disarmTriggers = arm(config.project, source, () => openFrom(document.activeElement));
        })
        .catch(warn('The triggers could not be loaded:'));
    }
  });

  return (name, args) => {
    if (name === 'open') return openFrom(document.activeElement, args[0] as OpenOptions | undefined);
    if (name === 'close') return void ((wantOpen = false), panel?.close());
    if (name === 'show' || name === 'hide') return void (launcher.hidden = name === 'hide');
    if (name === 'destroy') {
      destroyed = true;
      disarmTriggers();
      panel?.destroy();
      host.remove();
      document.removeEventListener('click', onPageClick);
      return void delete window.Heed;
    }
    if (!['identify', 'setMetadata', 'on'].includes(name)) return warn(`Unknown command "${name}".`)();
    if (panel) return panel.command(name, args);
    commands.push([name, args]);
    // `on` answers with its unsubscribe at once, even before the form has loaded: the form
    // replays the queued `off` after the `on`.
    return () => (panel ? panel.command('off', args) : commands.push(['off', args]));
  };
}

/**
 * Installs `window.Heed` and replays calls queued before this script arrived by the snippet
 * `window.Heed = window.Heed || function () { (Heed.q = Heed.q || []).push(arguments) }`.
 * `init` calls are applied first, as they configure the widget the other calls act on.
 */
function boot(): void {
  const queued = Array.from(window.Heed?.q ?? [], (args) => [...args] as [string, ...unknown[]]);
  const init = Object.assign({}, ...queued.filter(([name]) => name === 'init').map(([, options]) => options)) as InitOptions;
  // Pasted twice: one widget is enough.
  if (document.querySelector('heed-widget')) return;
  // Without its script element (loaded by eval or as a module), the launcher's config explains the missing tag.
  const source: ConfigSource = { script: { src: currentScript?.src ?? '', dataset: { ...currentScript?.dataset } }, init };

  const waiting: Command[] = [];
  let run: ((...command: Command) => unknown) | undefined;
  const call = (name: string, args: unknown[]): unknown => {
    if (name === 'init') return run && warn('"init" must be queued before the widget starts (see the snippet).')();
    if (!run) return void waiting.push([name, args]);
    try {
      return run(name, args);
    } catch (error) {
      warn(`"${name}" failed:`)(error);
    }
  };
  const heed = ((name: string, ...args: unknown[]) => call(name, args)) as HeedFunction & Record<string, unknown>;
  for (const name of ['open', 'close', 'show', 'hide', 'destroy', 'identify', 'setMetadata', 'on']) heed[name] = (...args: unknown[]) => call(name, args);
  window.Heed = heed;
  for (const [name, ...args] of queued) call(name, args);

  const begin = () => {
    try {
      run = start(source);
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
