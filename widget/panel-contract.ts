import type { OpenOptions } from './api.ts';
import type { ConfigSource, LauncherConfig } from './config.ts';

/** An API call the loader passes on to the panel (`identify`, `setMetadata`, `on`). */
export type Command = [name: string, args: unknown[]];

/** How the loader hands the shadow root to the lazily loaded panel bundle. */
export interface PanelMountOptions {
  root: ShadowRoot;
  /** What the loader read; the form reads the rest from `source`. */
  launcher: LauncherConfig;
  source: ConfigSource;
  /** Drawn inside a page element: a region that stays open, not a modal dialog. */
  inline: boolean;
  /** Calls made before the panel loaded, in order. */
  commands: Command[];
  /** Where focus goes back when the panel closes (the launcher, or the element that opened it). */
  returnFocusTo: () => HTMLElement | null;
  onOpenChange: (open: boolean) => void;
}

export interface PanelHandle {
  open(options?: OpenOptions): void;
  close(): void;
  toggle(): void;
  /** Removes the panel and its listeners. */
  destroy(): void;
  /** Runs an API call that the panel owns; returns its result (`on` returns an unsubscribe function). */
  command(...[name, args]: Command): unknown;
}

export interface PanelModule {
  mount(options: PanelMountOptions): PanelHandle;
  /** Sends feedback left waiting by an earlier page (offline, closed tab). */
  flushOutbox(): void;
}

/** Opens the form by itself when the configured triggers say so; returns what disarms them. */
export type ArmTriggers = (project: string, source: ConfigSource, open: () => void) => () => void;

/** The panel and the triggers are separate IIFE bundles; each announces itself on its global. */
export const PANEL_GLOBAL = '__heedPanel';
export const TRIGGERS_GLOBAL = '__heedTriggers';
export const TURNSTILE_GLOBAL = '__heedTurnstile';

/** Shows a Turnstile challenge in `container`; the function it returns gives a token per submission. */
export type StartTurnstile = (siteKey: string, container: HTMLElement) => () => Promise<string | undefined>;

declare global {
  interface Window {
    [PANEL_GLOBAL]?: PanelModule;
    [TRIGGERS_GLOBAL]?: ArmTriggers;
    [TURNSTILE_GLOBAL]?: StartTurnstile;
  }
}
