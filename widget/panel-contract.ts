import type { ConfigSource, LauncherConfig } from './config.ts';

/** An API call, as the loader queues it for the form: `['open', [{ category: 'Bug' }]]`. */
export type Command = [name: string, args: unknown[]];

/** The public API's commands (`init` aside); `off` is internal, behind what `on` returns. */
export const COMMANDS = ['open', 'close', 'show', 'hide', 'destroy', 'identify', 'setMetadata', 'on', 'submit'];

/** How the loader hands the shadow root to the lazily loaded form bundle. */
export interface PanelMountOptions {
  root: ShadowRoot;
  /** The launcher button: the form keeps its aria-expanded true while open. */
  launcher: HTMLElement;
  /** What the loader read; the form reads the rest from `source`. */
  config: LauncherConfig;
  source: ConfigSource;
  /** Calls made before the form loaded, in order; it replays them. */
  commands: Command[];
}

export interface PanelHandle {
  /**
   * Runs one of the API calls the loader passes on (open, close, identify, setMetadata, on, off, submit).
   * `open` takes the element that opened the form as a second argument, to give focus back to.
   */
  command(...[name, args]: Command): unknown;
  /** Removes the form and its listeners. */
  destroy(): void;
}

/** The form bundle registers this; loading the bundle also sends feedback an earlier page left waiting. */
export type MountPanel = (options: PanelMountOptions) => PanelHandle;

/** Calls `open` when the configured triggers say so; returns what disarms them. */
export type ArmTriggers = (project: string, source: ConfigSource, open: () => void) => () => void;

/** The panel and the triggers are separate IIFE bundles; each announces itself on its global. */
export const PANEL_GLOBAL = '__heedPanel';
export const TRIGGERS_GLOBAL = '__heedTriggers';
export const TURNSTILE_GLOBAL = '__heedTurnstile';

/** Shows a Turnstile challenge in `container`; the function it returns gives a token per submission. */
export type StartTurnstile = (siteKey: string, container: HTMLElement) => () => Promise<string | undefined>;

declare global {
  interface Window {
    [PANEL_GLOBAL]?: MountPanel;
    [TRIGGERS_GLOBAL]?: ArmTriggers;
    [TURNSTILE_GLOBAL]?: StartTurnstile;
  }
}
