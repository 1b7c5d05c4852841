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
  mount?: string | undefined;
  /** The form's language (`de`, `pt-BR`); undefined means the page's, then the browser's. */
  locale?: string | undefined;
  /** Any of the form's texts, by name (see widget/i18n/en.ts); they win over every other source. */
  texts?: Record<string, unknown> | undefined;
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

/**
 * Pure: the config from the script element and init options (init wins), or the reason there is
 * none. Bad optional values fall back to their default with a console warning.
 */
export function readConfig(script: ScriptLike | null, init: InitOptions = {}): ScriptConfig | { error: string } {
  if (!script?.src) return { error: 'Load Heed with <script src=".../widget.js" data-project="KEY">.' };
  const read = (key: string) => (init as Record<string, unknown>)[key] ?? script.dataset[key];
  const project = String(read('project') ?? '').trim();
  if (!project) return { error: 'The script tag needs data-project="YOUR_PROJECT_KEY".' };
  const endpointSetting = read('endpoint') as string | undefined;
  let endpoint: string;
  try {
    endpoint = new URL(endpointSetting || new URL(script.src).origin, script.src).href.replace(/\/+$/, '');
  } catch {
    return { error: `data-endpoint is not a URL: ${endpointSetting}` };
  }
  let position = (read('position') ?? 'bottom-right') as LauncherPosition;
  if (!POSITIONS.includes(position)) {
    console.warn(`[heed] position must be one of ${POSITIONS.join(', ')}; got "${position}". Using bottom-right.`);
    position = 'bottom-right';
  }
  const triggers: Record<string, unknown> = {};
  for (const key of TRIGGER_KEYS) if (read(key) !== undefined) triggers[key] = read(key);
  return {
    project,
    endpoint,
    scriptUrl: script.src,
    position,
    label: String(init.texts?.launcher ?? script.dataset.label ?? 'Feedback'),
    locale: read('locale') as string | undefined,
    mount: read('mount') as string | undefined,
    texts: init.texts,
    triggers,
  };
}
