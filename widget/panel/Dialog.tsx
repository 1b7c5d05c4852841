import type { ComponentChildren } from 'preact';
import type { LauncherPosition } from '../config.ts';

export interface DialogProps {
  title: string;
  closeLabel: string;
  open: boolean;
  /** Part of the page rather than a dialog: no modal semantics, no close button, no focus trap. */
  inline: boolean;
  /** Where the launcher is, so the dialog opens beside it. */
  position: LauncherPosition;
  /** A BCP 47 tag and its writing direction. */
  language: string;
  direction: 'ltr' | 'rtl';
  theme: 'light' | 'dark';
  onClose: () => void;
  children: ComponentChildren;
}

const TAB_STOPS = 'button:not([disabled]),textarea,input:not([tabindex="-1"])';

/** The form's frame: a modal dialog beside the launcher (Escape and the close button close it, Tab stays inside), or an inline region. */
export function Dialog({ title, closeLabel, open, inline, position, language, direction, theme, onClose, children }: DialogProps) {
  function onKeyDown(event: KeyboardEvent): void {
    if (inline) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      return onClose();
    }
    if (event.key !== 'Tab') return;
    // Keep focus inside the dialog (aria-modal promises that): from the last Tab stop to the first
    // and back, and from outside the Tab order (the thanks) in. Radios are never first or last.
    const element = event.currentTarget as HTMLElement;
    const stops = [...element.querySelectorAll<HTMLElement>(TAB_STOPS)];
    const active = (element.getRootNode() as ShadowRoot | Document).activeElement as HTMLElement | null;
    const [edge, next] = event.shiftKey ? [stops[0], stops.at(-1)] : [stops.at(-1), stops[0]];
    if (active === edge || !stops.includes(active!)) {
      event.preventDefault();
      next?.focus();
    }
  }

  return (
    <div
      class="panel"
      // Placed by launcher.css's position rules, as a dialog beside the launcher.
      data-position={inline ? undefined : position}
      data-theme={theme}
      lang={language}
      dir={direction}
      role={inline ? 'region' : 'dialog'}
      aria-modal={inline ? undefined : 'true'}
      aria-labelledby="title"
      hidden={!open}
      onKeyDown={onKeyDown}
    >
      {!inline && (
        <button type="button" class="close" aria-label={closeLabel} onClick={onClose}>
          ×
        </button>
      )}
      <h2 id="title">{title}</h2>
      {children}
    </div>
  );
}
