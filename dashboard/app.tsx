import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useMemo, useState } from 'preact/hooks';
import { ApiContext } from './api.ts';
import { Shell } from './components/Shell.tsx';
import { Destinations } from './pages/Destinations.tsx';
import { Inbox } from './pages/Inbox.tsx';
import { Insights } from './pages/Insights.tsx';
import { Install } from './pages/Install.tsx';
import { Projects } from './pages/Projects.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { Tokens } from './pages/Tokens.tsx';
import { apiClient, clearToken, readToken, saveToken } from './session.ts';

export function App() {
  const [token, setToken] = useState(readToken);
  const api = useMemo(
    () =>
      token
        ? {
            client: apiClient(token),
            signOut: () => {
              clearToken();
              setToken(null);
            },
          }
        : null,
    [token],
  );
  return (
    <LocationProvider>
      {api ? (
        <ApiContext.Provider value={api}>
          <Shell>
            <Router>
              <Route path="/admin" component={Projects} />
              <Route path="/admin/projects" component={Projects} />
              <Route path="/admin/projects/:key/feedback" component={Inbox} />
              <Route path="/admin/projects/:key/feedback/:id" component={Inbox} />
              <Route path="/admin/projects/:key/insights" component={Insights} />
              <Route path="/admin/projects/:key/install" component={Install} />
              <Route path="/admin/projects/:key/destinations" component={Destinations} />
              <Route path="/admin/tokens" component={Tokens} />
              <Route default component={NotFound} />
            </Router>
          </Shell>
        </ApiContext.Provider>
      ) : (
        <SignIn
          onSignIn={(newToken) => {
            saveToken(newToken);
            setToken(newToken);
          }}
        />
      )}
    </LocationProvider>
  );
}

function NotFound() {
  const { url } = useLocation();
  return (
    <section>
      <h1>Not found</h1>
      <p>Nothing lives at {url}.</p>
      <a href="/admin">Projects</a>
    </section>
  );
}
