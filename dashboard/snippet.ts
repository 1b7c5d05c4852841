/** What the embed snippet carries besides the project (the rest of the design is the project's remote config). */
export interface EmbedOptions {
  position: string;
  locale: string;
  openAfter: string;
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The `<script>` tag a site owner pastes. */
export function embedSnippet(origin: string, projectKey: string, options: EmbedOptions): string {
  const attributes = [
    `src="${escapeAttribute(`${origin}/widget.js`)}"`,
    `data-project="${escapeAttribute(projectKey)}"`,
    ...(options.position && options.position !== 'bottom-right' ? [`data-position="${escapeAttribute(options.position)}"`] : []),
    ...(options.locale ? [`data-locale="${escapeAttribute(options.locale)}"`] : []),
    ...(options.openAfter ? [`data-open-after="${escapeAttribute(options.openAfter)}"`] : []),
    'async',
  ];
  return `<script ${attributes.join(' ')}></script>`;
}

/** base64url of the config's JSON (UTF-8), as the preview endpoint reads it. */
export function encodeConfig(config: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(config));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
