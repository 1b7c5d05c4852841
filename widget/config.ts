import { TRIGGER_KEYS } from './triggers/triggers.ts';

/** Where the launcher sits (a corner, or a tab on a side's middle), or `none` (open from code or `data-heed-open`). */
export type LauncherPosition = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | 'side-right' | 'side-left' | 'none';
const POSITIONS: LauncherPosition[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left', 'side-right', 'side-left', 'none'];

/** What the script tag (and then `Heed('init', …)`) configures. */
export interface ScriptConfig {
  project: string;
  /** API origin (and optional path prefix), without a trailing slash. */
  endpoint: string;
  /** Where the loader itself came from; the panel file is fetched next to it. */
  scriptUrl: string;
  position: LauncherPosition;
  /** The launcher's text (`data-label`, or `texts.launcher` in init). */
  label: string;
  /** CSS selector of a page element to render the form inside (inline mode: no launcher, no dialog). */
  mount?: string;
  /** The form's language (`de`, `pt-BR`); undefined means the page's, then the browser's. */
  locale?: string;
  /** Any of the form's texts, by name (see widget/i18n/en.ts); they win over every other source. */
  texts?: Record<string, unknown>;
  /** Trigger settings as given (`openAfter`, `match`…); the form bundle parses and checks them. */
  triggers: Record<string, unknown>;
}

/** Options of `Heed('init', options)`; they win over the script tag's data- attributes. */
export interface InitOptions {
  project?: string;
  endpoint?: string;
  position?: LauncherPosition;
  mount?: string;
  locale?: string;
  texts?: Record<string, unknown>;
  openAfter?: number;
  openOnScroll?: number;
  openOnExit?: boolean;
  match?: string | string[];
  sample?: number;
  cooldown?: number;
}

export interface ScriptLike {
  src: string;
  dataset: DOMStringMap;
}

function endpointFrom(value: string, base: string): string | undefined {
  try {
    return new URL(value, base).href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/**
 * Pure: the config from the script element and init options (init wins), or the reason there is
 * none. Bad optional values fall back to their default with a console warning.
 */
export function readConfig(script: ScriptLike | null, init: InitOptions = {}): ScriptConfig | { error: string } {
  if (!script || !script.src) return { error: 'Load Heed with <script src=".../widget.js" data-project="KEY">.' };
  const project = (init.project ?? script.dataset.project)?.trim();
  if (!project) return { error: 'The script tag needs data-project="YOUR_PROJECT_KEY".' };
  const endpointSetting = init.endpoint ?? script.dataset.endpoint;
  const endpoint = endpointFrom(endpointSetting || new URL(script.src).origin, script.src);
  if (!endpoint) return { error: `data-endpoint is not a URL: ${endpointSetting ?? ''}` };
  let position = init.position ?? (script.dataset.position as LauncherPosition | undefined) ?? 'bottom-right';
  if (!POSITIONS.includes(position)) {
    console.warn(`[heed] position must be one of ${POSITIONS.join(', ')}; got "${position}". Using bottom-right.`);
    position = 'bottom-right';
  }
  const locale = init.locale ?? script.dataset.locale;
  const mount = init.mount ?? script.dataset.mount;
  const triggers: Record<string, unknown> = {};
  for (const key of TRIGGER_KEYS) {
    const value = (init as Record<string, unknown>)[key] ?? script.dataset[key];
    if (value !== undefined) triggers[key] = value;
  }
  return {
    triggers,
    project,
    endpoint,
    scriptUrl: script.src,
    position,
    label: String(init.texts?.launcher ?? script.dataset.label ?? 'Feedback'),
    ...(locale ? { locale } : {}),
    ...(mount ? { mount } : {}),
    ...(init.texts ? { texts: init.texts } : {}),
  };
}
