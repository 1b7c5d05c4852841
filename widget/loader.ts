import { adoptStyles } from './adopt-styles.ts';
import { readScriptConfig, type ScriptConfig } from './config.ts';
import { hasWaitingFeedback } from './delivery/outbox.ts';
import { PANEL_GLOBAL, type PanelHandle, type PanelModule } from './panel-contract.ts';
import launcherCss from './styles/launcher.css?inline';

/** Set by the build: the content-hashed file name of the panel bundle. */
declare const __HEED_PANEL_FILE__: string;

// Only true while this script first runs; later it is null.
const currentScript = document.currentScript as HTMLScriptElement | null;

const SVG = 'http://www.w3.org/2000/svg';

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

const warn = (what: string) => (error: unknown) => console.warn(`[heed] ${what}`, error);

function start(config: ScriptConfig): void {
  // Pasted twice: one widget is enough.
  if (document.querySelector('heed-widget')) return;
  const host = document.createElement('heed-widget');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, launcherCss);

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.setAttribute('aria-haspopup', 'dialog');
  launcher.setAttribute('aria-expanded', 'false');
  const label = document.createElement('span');
  label.textContent = 'Feedback';
  launcher.append(chatIcon(), label);
  root.append(launcher);
  document.body.append(host);

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
  const loadPanel = async (): Promise<PanelHandle> =>
    (panel ??= (await loadModule()).mount({
      root,
      config,
      returnFocusTo: launcher,
      onOpenChange: (open) => launcher.setAttribute('aria-expanded', String(open)),
    }));

  // Feedback an earlier page could not deliver (offline, tab closed) goes out once the page is idle.
  if (hasWaitingFeedback()) {
    const whenIdle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 1000));
    whenIdle(() => void loadModule().then((loaded) => loaded.flushOutbox(), warn('Could not send waiting feedback:')));
  }

  // Start fetching the panel as soon as the visitor shows intent, so the click feels instant.
  for (const intent of ['pointerenter', 'focus', 'touchstart'] as const) {
    launcher.addEventListener(intent, () => void loadPanel().catch(() => {}), { once: true, passive: true });
  }
  launcher.addEventListener('click', () => {
    loadPanel()
      .then((handle) => handle.toggle())
      .catch(warn('The feedback form could not be loaded:'));
  });
}

/** Never throws into the host page. */
function safeStart(config: ScriptConfig): void {
  try {
    start(config);
  } catch (error) {
    warn('The widget could not start:')(error);
  }
}

function boot(): void {
  const config = readScriptConfig(currentScript);
  if ('error' in config) return console.warn(`[heed] ${config.error}`);
  if (document.body) safeStart(config);
  else document.addEventListener('DOMContentLoaded', () => safeStart(config), { once: true });
}

try {
  boot();
} catch (error) {
  warn('The widget could not start:')(error);
}
