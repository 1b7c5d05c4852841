import { useLocation } from 'preact-iso';
import { answer, useApi, useResource } from '../api.ts';
import { ActionForm } from '../components/ActionForm.tsx';
import { Empty, Loaded } from '../components/States.tsx';

const lines = (text: FormDataEntryValue | null) =>
  String(text ?? '')
    .split(/[\s,]+/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Every project: create one; per project its origins, retention, state and key rotation. */
export function Projects() {
  const { client } = useApi();
  const { route } = useLocation();
  const [projects, reload] = useResource(async () => (await answer(await client.v1.projects.$get())).items, []);

  return (
    <section class="projects">
      <h1>Projects</h1>
      <Loaded resource={projects} retry={reload}>
        {(items) =>
          items.length === 0 ? (
            <Empty>No project yet: create the first one below.</Empty>
          ) : (
            <ul class="project-list">
              {items.map((project) => (
                <li key={project.key}>
                  <div class="project-head">
                    <h2>
                      <a href={`/admin/projects/${encodeURIComponent(project.key)}/feedback`}>{project.name}</a>
                    </h2>
                    <code>{project.key}</code>
                    <span class={project.enabled ? 'badge on' : 'badge off'}>{project.enabled ? 'Accepting feedback' : 'Disabled'}</span>
                  </div>
                  <ActionForm
                    label={`Settings of ${project.name}`}
                    class="project-settings"
                    action={async (data) => {
                      const retention = String(data.get('retentionDays') ?? '').trim();
                      await client.v1.projects[':key']
                        .$patch({
                          param: { key: project.key },
                          json: {
                            allowedOrigins: lines(data.get('allowedOrigins')),
                            retentionDays: retention ? Number(retention) : null,
                            enabled: data.get('enabled') === 'on',
                          },
                        })
                        .then(answer);
                      reload();
                      return 'Saved.';
                    }}
                  >
                    <label>
                      Allowed origins (one per line; <code>self</code> for this server)
                      <textarea name="allowedOrigins" rows={2}>
                        {project.allowedOrigins.join('\n')}
                      </textarea>
                    </label>
                    <label>
                      Keep feedback for (days; empty: until deleted)
                      <input name="retentionDays" type="number" min="1" value={project.retentionDays ?? ''} />
                    </label>
                    <label class="check">
                      <input name="enabled" type="checkbox" checked={project.enabled} /> Accept feedback
                    </label>
                    <button type="submit">Save</button>
                  </ActionForm>
                  <ActionForm
                    label={`Rotate the key of ${project.name}`}
                    action={async () => {
                      if (!confirm('Give this project a new key? The old one keeps working for 7 days while you update the snippet.'))
                        return;
                      const rotated = await client.v1.projects[':key']['rotate-key']
                        .$post({ param: { key: project.key }, json: { graceSeconds: 7 * 86_400 } })
                        .then(answer);
                      reload();
                      return `New key ${rotated.key}; the old one works until ${new Date(rotated.previousKeyValidUntil).toLocaleString()}.`;
                    }}
                  >
                    <button type="submit">Rotate key…</button>
                  </ActionForm>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <h2>New project</h2>
      <ActionForm
        label="New project"
        class="new-project"
        action={async (data, form) => {
          const created = await client.v1.projects
            .$post({ json: { name: String(data.get('name') ?? ''), allowedOrigins: lines(data.get('allowedOrigins')) } })
            .then(answer);
          form.reset();
          route(`/admin/projects/${encodeURIComponent(created.key)}/install`);
        }}
      >
        <label>
          Name
          <input name="name" required maxLength={120} />
        </label>
        <label>
          Allowed origins (one per line, like <code>https://shop.example</code>)
          <textarea name="allowedOrigins" rows={2} />
        </label>
        <button type="submit">Create project</button>
      </ActionForm>
    </section>
  );
}
