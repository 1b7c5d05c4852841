import { createClient, type Client } from '../server/client.ts';

/**
 * The admin token lives in sessionStorage: gone when the tab closes, never sent by the browser on
 * its own (unlike a cookie), and out of reach of other origins' scripts.
 */
const TOKEN_KEY = 'heed:admin-token';

export const readToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const saveToken = (token: string): void => sessionStorage.setItem(TOKEN_KEY, token);
export const clearToken = (): void => sessionStorage.removeItem(TOKEN_KEY);

/** The typed admin API client, on this origin, with the token. */
export function apiClient(token: string): Client {
  return createClient(location.origin, { headers: { Authorization: `Bearer ${token}` } });
}
