import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface RunningServer {
  child: ChildProcess;
  origin: string;
  /** stdout and stderr together, as a person sees them. */
  output: string;
  /** Each stream alone: stdout holds the log lines (JSON when piped), stderr the start-up banner in JSON mode. */
  stdout: string;
  stderr: string;
}

/**
 * The Node server as `npm run serve` starts it, on a free port; returned at once, `output` filling
 * as it prints. `nodeArgs` go to Node itself (for example `--inspect=127.0.0.1:0`).
 */
export function spawnNodeServer(env: Record<string, string>, nodeArgs: string[] = []): RunningServer {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/runtime/node.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HEED_DEMO: 'false', HEED_ALLOW_PRIVATE_DESTINATIONS: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server: RunningServer = { child, origin: '', output: '', stdout: '', stderr: '' };
  child.stdout!.on('data', (data: Buffer) => {
    server.output += data.toString();
    server.stdout += data.toString();
  });
  child.stderr!.on('data', (data: Buffer) => {
    server.output += data.toString();
    server.stderr += data.toString();
  });
  return server;
}

/** The Node server, resolved once it listens, with its origin and what it printed. */
export function startNodeServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningServer> {
  const server = spawnNodeServer(env, nodeArgs);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not listen within 30 s:\n${server.output}`)), 30_000);
    const onData = () => {
      const listening = /Heed is listening on (http:\/\/\S+)/.exec(server.output);
      if (listening && /admin token/i.test(server.output)) {
        clearTimeout(timer);
        server.child.stdout!.off('data', onData);
        server.child.stderr!.off('data', onData);
        server.origin = listening[1]!.replace('localhost', '127.0.0.1');
        resolve(server);
      }
    };
    server.child.stdout!.on('data', onData);
    server.child.stderr!.on('data', onData);
    server.child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${server.output}`)));
  });
}

/** The JSON log lines the server wrote on stdout (the default when piped), parsed. */
export function logLines(server: RunningServer): Record<string, unknown>[] {
  return server.stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Sends SIGTERM (a clean shutdown) and waits for the process to exit; answers its exit code. */
export async function stopNodeServer(server: RunningServer, timeoutMs = 30_000): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.child.exitCode;
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), timeoutMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** Kills the server (SIGKILL: no clean shutdown) and waits for it to be gone. */
export async function killNodeServer(server: RunningServer | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}
