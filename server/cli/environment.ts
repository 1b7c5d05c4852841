import { readNodeConfig, type NodeConfig } from '../runtime/node-config.ts';
import { UsageError } from './command.ts';

/**
 * The Node settings, read as the server reads them. A bad variable is a usage error (exit 2) that
 * names each bad variable on its own line, instead of a stack trace.
 */
export function readConfig(): NodeConfig {
  try {
    return readNodeConfig();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!message.startsWith('Invalid environment:')) throw error;
    const problems = message
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .filter(Boolean);
    throw new UsageError(problems.map((problem) => `invalid environment: ${problem}`).join('\n'));
  }
}

/** Where a command's data is, in its messages (a Postgres URL without its password). */
export function describeDatabase(config: Pick<NodeConfig, 'DATABASE_URL' | 'HEED_DB'>): string {
  if (!config.DATABASE_URL) return config.HEED_DB;
  const url = new URL(config.DATABASE_URL);
  return `PostgreSQL at ${url.host}${url.pathname}`;
}
