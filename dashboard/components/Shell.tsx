import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { answer, useApi, useResource } from '../api.ts';

type Theme = 'auto' | 'light' | 'dark';
const THEME_KEY = 'heed:theme';

/** The frame of every signed-in page: project switcher, navigation, theme, sign-out. */
export function Shell({ children }: { children: ComponentChildren }) {
  const { client, signOut } = useApi();
  const { path, route } = useLocation();
  const [projects] = useResource(async () => (await answer(await client.v1.projects.$get())).items, []);
  const key = /^\/admin\/projects\/([^/]+)/.exec(path)?.[1];
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem(THEME_KEY) as Theme | null) ?? 'auto');
  useEffect(() => {
    localStorage.setItem(THEME_KEY, theme);
    if (theme === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);

  const section = path.split('/')[4] ?? 'feedback';
  const link = (to: string, label: string, current: boolean) => (
    <a href={to} aria-current={current ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <a class="brand" href="/admin">
          Heed
        </a>
        {projects.state === 'ready' && projects.data.length > 0 && (
          <label class="project-switch">
            <span class="visually-hidden">Project</span>
            <select
              value={key ?? ''}
              onChange={(event) => route(`/admin/projects/${encodeURIComponent((event.target as HTMLSelectElement).value)}/${section}`)}
            >
              {!key && <option value="">Choose a project</option>}
              {projects.data.map((project) => (
                <option value={project.key}>{project.name}</option>
              ))}
            </select>
          </label>
        )}
        <nav aria-label="Main">
          {key && (
            <>
              {link(`/admin/projects/${key}/feedback`, 'Inbox', section === 'feedback')}
              {link(`/admin/projects/${key}/insights`, 'Insights', section === 'insights')}
              {link(`/admin/projects/${key}/install`, 'Install', section === 'install')}
              {link(`/admin/projects/${key}/destinations`, 'Destinations', section === 'destinations')}
            </>
          )}
          {link('/admin/projects', 'Projects', path === '/admin/projects' || path === '/admin')}
          {link('/admin/tokens', 'Tokens', path === '/admin/tokens')}
        </nav>
        <label class="theme">
          <span class="visually-hidden">Theme</span>
          <select value={theme} onChange={(event) => setTheme((event.target as HTMLSelectElement).value as Theme)}>
            <option value="auto">System theme</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <button type="button" class="quiet" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
