import type { ScriptConfig } from './config.ts';

/** How the loader hands the shadow root to the lazily loaded panel bundle. */
export interface PanelMountOptions {
  root: ShadowRoot;
  config: ScriptConfig;
  /** Element that gets focus back when the panel closes. */
  returnFocusTo: HTMLElement;
  onOpenChange: (open: boolean) => void;
}

export interface PanelHandle {
  open(): void;
  close(): void;
  toggle(): void;
}

export interface PanelModule {
  mount(options: PanelMountOptions): PanelHandle;
  /** Sends feedback left waiting by an earlier page (offline, closed tab). */
  flushOutbox(): void;
}

/** The panel bundle is a separate IIFE; it announces itself on this global. */
export const PANEL_GLOBAL = '__heedPanel';

declare global {
  interface Window {
    [PANEL_GLOBAL]?: PanelModule;
  }
}
