import { openNodeStore } from '../runtime/node-store.ts';
import type { Store } from '../store/store.ts';
import { readConfig } from './environment.ts';

/**
 * Runs `use` on the configured store (migrated first, as the server would) and closes it, whatever
 * `use` does.
 */
export async function withStore<T>(use: (store: Store) => Promise<T>): Promise<T> {
  const { store } = await openNodeStore(readConfig());
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
