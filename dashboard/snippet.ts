/** What the embed snippet carries besides the project (the rest of the design is the project's remote config). */
export interface EmbedOptions {
  position: string;
  locale: string;
  /** Triggers, as typed in the designer; empty ones are left out of the snippet. */
  openAfter: string;
  openOnScroll: string;
  openOnExit: boolean;
  match: string;
  sample: string;
  cooldown: string;
}

export const DEFAULT_EMBED: EmbedOptions = {
  position: 'bottom-right',
  locale: '',
  openAfter: '',
  openOnScroll: '',
  openOnExit: false,
  match: '',
  sample: '',
  cooldown: '',
};

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The `<script>` tag a site owner pastes. */
export function embedSnippet(origin: string, projectKey: string, options: EmbedOptions): string {
  const data: [string, string][] = [
    ['project', projectKey],
    ['position', options.position === 'bottom-right' ? '' : options.position],
    ['locale', options.locale],
    ['open-after', options.openAfter],
    ['open-on-scroll', options.openOnScroll],
    ['match', options.match.trim()],
    ['sample', options.sample],
    ['cooldown', options.cooldown],
  ];
  const attributes = [
    `src="${escapeAttribute(`${origin}/widget.js`)}"`,
    ...data.filter(([, value]) => value).map(([name, value]) => `data-${name}="${escapeAttribute(value)}"`),
    ...(options.openOnExit ? ['data-open-on-exit'] : []),
    'async',
  ];
  return `<script ${attributes.join(' ')}></script>`;
}

/** base64url of the config's JSON (UTF-8), as the preview endpoint reads it. */
export function encodeConfig(config: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(config));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
