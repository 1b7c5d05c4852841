/** What the script tag says: `<script src=".../widget.js" data-project="KEY" [data-endpoint="URL"]>`. */
export interface ScriptConfig {
  project: string;
  /** API origin (and optional path prefix), without a trailing slash. */
  endpoint: string;
  /** Where the loader itself came from; the panel file is fetched next to it. */
  scriptUrl: string;
}

export interface ScriptLike {
  src: string;
  dataset: DOMStringMap;
}

/** Pure: reads the config from the script element, or returns the reason it cannot. */
export function readScriptConfig(script: ScriptLike | null): ScriptConfig | { error: string } {
  if (!script || !script.src) return { error: 'Load Heed with <script src=".../widget.js" data-project="KEY">.' };
  const project = script.dataset.project?.trim();
  if (!project) return { error: 'The script tag needs data-project="YOUR_PROJECT_KEY".' };
  let endpoint: string;
  try {
    const url = new URL(script.dataset.endpoint || new URL(script.src).origin, script.src);
    endpoint = url.href.replace(/\/+$/, '');
  } catch {
    return { error: `data-endpoint is not a URL: ${script.dataset.endpoint ?? ''}` };
  }
  return { project, endpoint, scriptUrl: script.src };
}
