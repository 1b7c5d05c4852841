import { useState } from 'preact/hooks';
import { answer, ApiProblem } from '../api.ts';
import { apiClient } from '../session.ts';

/** Sign-in with an admin token (from the server's first start, or `npx heed token create`). */
export function SignIn({ onSignIn }: { onSignIn: (token: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget as HTMLFormElement).get('token') ?? '').trim();
    if (!token) return setError('Paste your admin token.');
    setBusy(true);
    setError(null);
    try {
      await answer(await apiClient(token).v1.projects.$get());
      onSignIn(token);
    } catch (problem) {
      setError(
        problem instanceof ApiProblem && problem.status === 401
          ? 'This token is not valid, or it was revoked.'
          : String((problem as Error).message),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="sign-in">
      <form onSubmit={submit} aria-describedby="sign-in-help" novalidate>
        <h1>Heed</h1>
        <p id="sign-in-help">
          Sign in with an admin token: the one the server printed on its first start, or a new one from <code>npx heed token create</code>.
          It is kept in this tab only.
        </p>
        <label for="token">Admin token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
        <p id="sign-in-error" class="error" role="alert">
          {error}
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
