import { useState } from 'preact/hooks';
import { readToken } from '../session.ts';

/**
 * CSV and NDJSON downloads of what the filters select. Fetched with the token (a plain link could
 * not send it) and handed to the browser as a file.
 */
export function ExportButtons({ projectKey, query }: { projectKey: string; query: Record<string, string> }) {
  const [error, setError] = useState('');
  async function download(format: 'csv' | 'ndjson') {
    setError('');
    const response = await fetch(`/v1/projects/${encodeURIComponent(projectKey)}/feedback.${format}?${new URLSearchParams(query)}`, {
      headers: { Authorization: `Bearer ${readToken()}` },
    });
    if (!response.ok) return setError(`The export failed (${response.status}).`);
    const url = URL.createObjectURL(await response.blob());
    const link = Object.assign(document.createElement('a'), { href: url, download: `${projectKey}-feedback.${format}` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return (
    <div class="exports" role="group" aria-label="Export">
      <button type="button" onClick={() => void download('csv')}>
        Export CSV
      </button>
      <button type="button" onClick={() => void download('ndjson')}>
        Export NDJSON
      </button>
      {error && (
        <span class="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
