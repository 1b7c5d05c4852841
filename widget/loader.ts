import { adoptStyles } from './adopt-styles.ts';
import { readScriptConfig, type ScriptConfig } from './config.ts';
import { PANEL_GLOBAL, type PanelHandle } from './panel-contract.ts';
import launcherCss from './styles/launcher.css?inline';

/** Set by the build: the content-hashed file name of the panel bundle. */
declare const __HEED_PANEL_FILE__: string;

// Only true while this script first runs; later it is null.
const currentScript = document.currentScript as HTMLScriptElement | null;

const CHAT_ICON =
  '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg>';

function start(config: ScriptConfig): void {
  const host = document.createElement('heed-widget');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, launcherCss);

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'heed-launcher';
  launcher.setAttribute('aria-haspopup', 'dialog');
  launcher.setAttribute('aria-expanded', 'false');
  launcher.innerHTML = `${CHAT_ICON}<span>Feedback</span>`;
  root.append(launcher);
  document.body.append(host);

  let panel: Promise<PanelHandle> | undefined;
  const loadPanel = (): Promise<PanelHandle> =>
    (panel ??= new Promise<PanelHandle>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL(`widget/${__HEED_PANEL_FILE__}`, config.scriptUrl).href;
      script.async = true;
      script.onload = () => {
        const module = window[PANEL_GLOBAL];
        if (!module) return reject(new Error('the panel script did not register'));
        resolve(
          module.mount({
            root,
            config,
            returnFocusTo: launcher,
            onOpenChange: (open) => launcher.setAttribute('aria-expanded', String(open)),
          }),
        );
      };
      script.onerror = () => reject(new Error(`could not load ${script.src}`));
      document.head.append(script);
    }).catch((error: unknown) => {
      panel = undefined; // let a later click try again
      throw error;
    }));

  // Start fetching the panel as soon as the visitor shows intent, so the click feels instant.
  for (const intent of ['pointerenter', 'focus', 'touchstart'] as const) {
    launcher.addEventListener(intent, () => void loadPanel().catch(() => {}), { once: true, passive: true });
  }
  launcher.addEventListener('click', () => {
    loadPanel().then(
      (handle) => handle.toggle(),
      (error: unknown) => console.warn('[heed] The feedback form could not be loaded:', error),
    );
  });
}

function boot(): void {
  const config = readScriptConfig(currentScript);
  if ('error' in config) return console.warn(`[heed] ${config.error}`);
  if (document.body) start(config);
  else document.addEventListener('DOMContentLoaded', () => start(config), { once: true });
}

// Never throw into the host page.
try {
  boot();
} catch (error) {
  console.warn('[heed] The widget could not start:', error);
}
