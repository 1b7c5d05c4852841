import { adoptStyles } from './adopt-styles.ts';
import type { HeedFunction } from './api.ts';
import { hasOpeningTrigger, readLauncherConfig, type ConfigSource, type InitOptions } from './config.ts';
import { hasWaitingFeedback } from './delivery/outbox.ts';
import { COMMANDS, PANEL_GLOBAL, TRIGGERS_GLOBAL, type Command, type PanelHandle } from './panel-contract.ts';
import launcherCss from './styles/launcher.css?inline';
import { warn } from './warn.ts';

/*
 * Everything a page loads before any interaction, so every byte counts (the build fails past the
 * 2 KB budget): it draws the launcher and queues API calls. The form, the triggers and each
 * language are separate bundles fetched on use; the form replays the queued calls and answers
 * the later ones, and reads the rest of the config.
 */

/** Set by the build: the content-hashed file names of the form's and the triggers' bundles. */
declare const __HEED_PANEL_FILE__: string;
declare const __HEED_TRIGGERS_FILE__: string;

// Only set while this script first runs.
const currentScript = document.currentScript as HTMLScriptElement | null;

/** Draws the launcher; returns the runner of API calls, which loads the form when one needs it. */
function start(source: ConfigSource): ((name: string, args: unknown[]) => unknown) | void {
  const config = readLauncherConfig(source);
  if ('error' in config) return warn(config.error);
  const host = document.createElement('heed-widget');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, launcherCss);

  const launcher = document.createElement('button');
  launcher.className = 'launcher';
  launcher.dataset.position = config.position;
  // In inline mode the form finds its page element (or shows the launcher after all).
  launcher.hidden = config.position === 'none' || !!config.mount;
  launcher.ariaHasPopup = 'dialog';
  launcher.ariaExpanded = 'false';
  launcher.append(config.label);
  root.append(launcher);
  // A script in <head> runs before the page has a body; calls work on the launcher meanwhile.
  const attach = () => document.body.append(host);
  if (document.body) attach();
  else addEventListener('DOMContentLoaded', attach);

  /**
   * Adds one of the widget's bundles (kept beside this script) once, then hands what it registers
   * to `use`. A failed load is warned and tried again on the next use (an ad-blocker switched off).
   */
  const loading: Record<string, Promise<unknown>> = {};
  const load = <K extends typeof PANEL_GLOBAL | typeof TRIGGERS_GLOBAL>(
    file: string,
    name: K,
    use: (loaded: NonNullable<Window[K]>) => unknown,
    quietly?: unknown,
  ) =>
    (loading[file] ??= new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL(`widget/${file}`, source.script.src).href;
      // A bundle that did not register resolves to undefined, which fails in `use` (and is warned).
      script.onload = () => resolve(window[name]);
      script.onerror = () => reject(script.src);
      document.head.append(script);
    }))
      .then((loaded) => destroyed || use(loaded as NonNullable<Window[K]>))
      .catch((error: unknown) => {
        delete loading[file];
        if (!quietly) warn('Could not load', error);
      });

  // Calls for the form, in order, until it has loaded; it replays them (`open` then `close` ends closed).
  const commands: Command[] = [];
  let panel: PanelHandle | undefined;
  let destroyed = false;
  let disarmTriggers = () => {};
  // Loading the form also sends what an earlier page left in the outbox.
  const loadPanel = (quietly?: unknown) =>
    load(__HEED_PANEL_FILE__, PANEL_GLOBAL, (mount) => (panel ??= mount({ root, launcher, config, source, commands })), quietly);

  // `open` takes the element that opened the form as a second argument, to give focus back to.
  const run = (name: string, args: unknown[]): unknown => {
    if (name === 'show' || name === 'hide') return void (launcher.hidden = name === 'hide');
    if (name === 'destroy') {
      destroyed = true;
      disarmTriggers();
      panel?.destroy();
      host.remove();
      removeEventListener('click', onPageClick);
      return void delete window.Heed;
    }
    // A submission answers once the form's bundle has sent it (or queued it); the other calls wait in the queue.
    if (name === 'submit') return loadPanel().then(() => panel?.command(name, args));
    if (name === 'open') void loadPanel();
    if (panel) return panel.command(name, args);
    commands.push([name, args]);
    // `on` answers with its unsubscribe at once, even before the form has loaded.
    if (name === 'on') return () => run('off', args);
  };

  // Start fetching the form (drawn closed) as soon as the visitor shows intent, so the click feels instant
  // (a touch fires pointerenter too).
  // A failed preload stays quiet (the handlers pass their event as `quietly`): the click that
  // follows tries again, and warns.
  launcher.onpointerenter = launcher.onfocus = loadPanel;
  // eslint-disable-next-line no-sparse-arrays -- a hole for the first argument is the fewest bytes
  launcher.onclick = () => run(launcher.ariaExpanded === 'true' ? 'close' : 'open', [, launcher]);
  // Any element of the page can open the form: <button data-heed-open>Feedback</button>, and
  // pick a category in advance: <button data-heed-open="Bug">Report a bug</button>.
  const onPageClick = (event: MouseEvent) => {
    const trigger = (event.target as Element | null)?.closest?.<HTMLElement>('[data-heed-open]');
    if (!trigger) return;
    event.preventDefault();
    run('open', [{ category: trigger.dataset.heedOpen || undefined }, trigger]);
  };
  addEventListener('click', onPageClick);

  // The inline form is part of the page: it is drawn at once.
  if (config.mount) void loadPanel();

  // Once the page is idle: send feedback an earlier page could not deliver (offline, tab closed),
  // and arm the triggers that open the form by themselves.
  (window.requestIdleCallback ?? ((idle: () => void) => setTimeout(idle, 1000)))(() => {
    if (hasWaitingFeedback()) void loadPanel();
    if (hasOpeningTrigger(source)) {
      void load(__HEED_TRIGGERS_FILE__, TRIGGERS_GLOBAL, (arm) => (disarmTriggers = arm(config.project, source, () => run('open', []))));
    }
  });

  return run;
}

/**
 * Installs `window.Heed` and replays calls queued before this script arrived by the snippet
 * `window.Heed = window.Heed || function () { (Heed.q = Heed.q || []).push(arguments) }`.
 * `init` calls are applied first, as they configure the widget the other calls act on.
 */
function boot(): void {
  // Pasted twice: the first copy has installed its `Heed`, with methods; one widget is enough.
  if (window.Heed?.open) return;
  // The snippet's `arguments` objects, each destructured like an array.
  const queued = [...(window.Heed?.q ?? [])] as unknown as [string, ...unknown[]][];
  const init: InitOptions = {};
  for (const [name, options] of queued) if (name === 'init') Object.assign(init, options);
  // Without its script element (loaded by eval or as a module), the launcher's config explains the missing tag.
  const run = start({ script: { src: currentScript?.src ?? '', dataset: currentScript?.dataset ?? {} }, init });
  const call = (name: string, args: unknown[]): unknown =>
    name === 'init'
      ? warn('"init" must come before widget.js loads.')
      : COMMANDS.includes(name)
        ? run?.(name, args)
        : warn(`Unknown command "${name}".`);
  const heed = ((name: string, ...args: unknown[]) => call(name, args)) as HeedFunction & Record<string, unknown>;
  for (const name of COMMANDS) heed[name] = (...args: unknown[]) => call(name, args);
  window.Heed = heed;
  for (const [name, ...args] of queued) if (name !== 'init') call(name, args);
}

try {
  boot();
} catch (error) {
  warn('The widget could not start:', error);
}
