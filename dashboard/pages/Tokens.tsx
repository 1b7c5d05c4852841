import { useState } from 'preact/hooks';
import { answer, useApi, useResource } from '../api.ts';
import { ActionForm } from '../components/ActionForm.tsx';
import { Loaded } from '../components/States.tsx';
import { dateText } from '../format.ts';

/** Admin tokens: create (the secret is shown once), list, revoke. */
export function Tokens() {
  const { client } = useApi();
  const [tokens, reload] = useResource(async () => (await answer(await client.v1.tokens.$get())).items, []);
  const [issued, setIssued] = useState<string | null>(null);

  return (
    <section class="tokens">
      <h1>Admin tokens</h1>
      <ActionForm
        label="New token"
        class="new-token"
        action={async (data, form) => {
          const label = String(data.get('label') ?? '').trim();
          const scope = String(data.get('scope')) as 'read' | 'write' | 'admin';
          const created = await client.v1.tokens.$post({ json: { scope, ...(label ? { label } : {}) } }).then(answer);
          setIssued(created.token);
          form.reset();
          reload();
          return 'Token created.';
        }}
      >
        <label>
          Label
          <input name="label" maxLength={100} placeholder="CI export" />
        </label>
        <label>
          Scope
          <select name="scope">
            <option value="read">read: projects and feedback</option>
            <option value="write">write: also triage feedback</option>
            <option value="admin">admin: also projects, keys and tokens</option>
          </select>
        </label>
        <button type="submit">Create token</button>
      </ActionForm>
      {issued && (
        <div class="issued" role="region" aria-label="New token">
          <p>Copy it now: it is stored only as a hash and will not be shown again.</p>
          <code class="secret">{issued}</code>
          <button type="button" onClick={() => void navigator.clipboard.writeText(issued)}>
            Copy
          </button>
        </div>
      )}
      <Loaded resource={tokens} retry={reload}>
        {(items) => (
          <table class="token-list">
            <caption>Tokens</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Label</th>
                <th scope="col">Scope</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {items.map((token) => (
                <tr key={token.id}>
                  <td>
                    <code>{token.id}</code>
                  </td>
                  <td>{token.label ?? '—'}</td>
                  <td>{token.scope}</td>
                  <td>{dateText(token.createdAt)}</td>
                  <td>
                    {token.revokedAt ? (
                      `Revoked ${dateText(token.revokedAt)}`
                    ) : (
                      <button
                        type="button"
                        class="danger"
                        aria-label={`Revoke token ${token.label ?? token.id}`}
                        onClick={async () => {
                          if (!confirm('Revoke this token? Anything using it stops working at once.')) return;
                          await client.v1.tokens[':id'].$delete({ param: { id: token.id } }).then(answer);
                          reload();
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}
