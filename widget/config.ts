import { warn } from './warn.ts';

/** The trigger settings read from data- attributes (`data-open-after`) or init options (`openAfter`); triggers/ parses them. */
const TRIGGER_KEYS = ['openAfter', 'openOnScroll', 'openOnExit', 'match', 'sample', 'cooldown'] as const;

/** Where the launcher sits (a corner, or a tab on a side's middle), or `none` (open from code or `data-heed-open`). */
export type LauncherPosition = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left' | 'side-right' | 'side-left' | 'none';
const POSITIONS: LauncherPosition[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left', 'side-right', 'side-left', 'none'];

/** What the loader needs before any interaction: enough to draw the launcher. */
export interface LauncherConfig {
  project: string;
  position: LauncherPosition;
  /** The launcher's text (`data-label`, or `texts.launcher` in init). */
  label: string;
  /** CSS selector of a page element to render the form inside (inline mode: no launcher, no dialog). */
  mount?: string | undefined;
}

/** The rest, read by the form bundle when it loads (keeps the loader small). */
export interface FormConfig {
  /** The launcher's position, checked: a bad one is bottom-right. */
  position: LauncherPosition;
  /** API origin (and optional path prefix), without a trailing slash. */
  endpoint: string;
  /** The form's language (`de`, `pt-BR`); undefined means the page's, then the browser's. */
  locale?: string | undefined;
  /** Any of the form's texts, by name (see widget/i18n/en.ts); they win over every other source. */
  texts?: Record<string, unknown> | undefined;
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

/** Where settings come from: the script tag's data- attributes, and init options, which win. */
export interface ConfigSource {
  script: ScriptLike;
  init: InitOptions;
}

const setting = ({ script, init }: ConfigSource, key: string): unknown => (init as Record<string, unknown>)[key] ?? script.dataset[key];

/** The trigger settings that open the form by themselves (the others only narrow those). */
export const hasOpeningTrigger = (source: ConfigSource): boolean =>
  ['openAfter', 'openOnScroll', 'openOnExit'].some((key) => setting(source, key) !== undefined);

/** Pure: the launcher's config, or the reason there is none. */
export function readLauncherConfig(source: ConfigSource): LauncherConfig | { error: string } {
  const project = String(setting(source, 'project') ?? '').trim();
  if (!source.script.src || !project) return { error: 'widget.js needs its script tag, with data-project="<project key>".' };
  return {
    project,
    // Checked by the form's bundle (readFormConfig): an unknown one is drawn bottom-right by launcher.css's default rule.
    position: (setting(source, 'position') ?? 'bottom-right') as LauncherPosition,
    label: String(source.init.texts?.launcher ?? setting(source, 'label') ?? 'Feedback'),
    mount: setting(source, 'mount') as string | undefined,
  };
}

/**
 * Pure: the form's config. An endpoint that is not a URL falls back to the script's origin (the
 * default) with a console warning, and a bad position to bottom-right: the warnings come from the
 * form's bundle, to keep the loader small.
 */
export function readFormConfig(source: ConfigSource): FormConfig {
  const endpoint = setting(source, 'endpoint') as string | undefined;
  // The loader has checked that the script has a src: an absolute URL.
  let url = new URL(source.script.src).origin;
  try {
    url = new URL(endpoint || url, source.script.src).href.replace(/\/+$/, '');
  } catch {
    warn(`data-endpoint is not a URL: ${endpoint}; using ${url}.`);
  }
  let position = (setting(source, 'position') ?? 'bottom-right') as LauncherPosition;
  if (!POSITIONS.includes(position)) {
    warn(`position must be one of ${POSITIONS}; got "${position}".`);
    position = 'bottom-right';
  }
  return { endpoint: url, position, locale: setting(source, 'locale') as string | undefined, texts: source.init.texts };
}

/** Pure: the trigger settings as given (`openAfter`, `match`…); the triggers bundle parses and checks them. */
export function readTriggerSettings(source: ConfigSource): Record<string, unknown> {
  const triggers: Record<string, unknown> = {};
  for (const key of TRIGGER_KEYS) if (setting(source, key) !== undefined) triggers[key] = setting(source, key);
  return triggers;
}
