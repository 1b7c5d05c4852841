import { render } from 'preact';
import type { WidgetConfig } from '../../server/schemas/project.ts';
import { adoptStyles } from '../adopt-styles.ts';
import { buildPayload, readPageEnvironment } from '../delivery/payload.ts';
import { sendFeedback } from '../delivery/send.ts';
import { PANEL_GLOBAL, type PanelHandle, type PanelMountOptions } from '../panel-contract.ts';
import panelCss from '../styles/panel.css?inline';
import { Panel } from './Panel.tsx';
import { withOverrides } from './strings.ts';

const DEFAULTS: WidgetConfig = { ratingKind: 'stars', texts: {}, theme: { mode: 'auto' }, askEmail: true };

/** The project's remote config; the defaults keep the form usable if it cannot be read. */
async function loadRemoteConfig(endpoint: string, project: string): Promise<WidgetConfig> {
  try {
    const response = await fetch(`${endpoint}/v1/projects/${encodeURIComponent(project)}/config`, { credentials: 'omit' });
    if (response.ok) return { ...DEFAULTS, ...((await response.json()) as Partial<WidgetConfig>) };
    console.warn(`[heed] Project "${project}" config: HTTP ${response.status}`);
  } catch (error) {
    console.warn('[heed] Could not load the project config:', error);
  }
  return DEFAULTS;
}

function mount({ root, config, returnFocusTo, onOpenChange }: PanelMountOptions): PanelHandle {
  adoptStyles(root, panelCss);
  const container = document.createElement('div');
  root.append(container);
  const remote = loadRemoteConfig(config.endpoint, config.project);
  const prefersDark = matchMedia('(prefers-color-scheme: dark)');
  let open = false;

  const submit = (answers: Parameters<typeof buildPayload>[1]) =>
    sendFeedback(config.endpoint, buildPayload(config.project, answers, readPageEnvironment()));

  function draw(settings: WidgetConfig): void {
    if (settings.theme.accent) (root.host as HTMLElement).style.setProperty('--heed-accent', settings.theme.accent);
    render(
      <Panel
        open={open}
        strings={withOverrides(settings.texts)}
        ratingKind={settings.ratingKind}
        askEmail={settings.askEmail}
        theme={settings.theme.mode === 'auto' ? (prefersDark.matches ? 'dark' : 'light') : settings.theme.mode}
        submit={submit}
        onClose={() => setOpen(false)}
      />,
      container,
    );
  }

  // Follow the visitor's system theme while the page is open.
  prefersDark.addEventListener('change', () => void remote.then(draw));

  function setOpen(next: boolean): void {
    if (next === open) return;
    open = next;
    onOpenChange(open);
    void remote.then(draw);
    if (!open) returnFocusTo.focus();
  }

  return { open: () => setOpen(true), close: () => setOpen(false), toggle: () => setOpen(!open) };
}

window[PANEL_GLOBAL] = { mount };
