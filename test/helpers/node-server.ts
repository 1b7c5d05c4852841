import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export interface RunningServer {
  child: ChildProcess;
  origin: string;
  output: string;
}

/** The Node server as `npm run serve` starts it, on a free port; resolves once it listens, with its origin and what it printed. */
export function startNodeServer(env: Record<string, string>): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/runtime/node.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', HEED_DEMO: 'false', HEED_ALLOW_PRIVATE_DESTINATIONS: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the server did not listen within 30 s:\n${output}`)), 30_000);
    const onData = (data: Buffer) => {
      output += data.toString();
      const listening = /Heed is listening on (http:\/\/\S+)/.exec(output);
      if (listening && /admin token/i.test(output)) {
        clearTimeout(timer);
        resolve({ child, origin: listening[1]!.replace('localhost', '127.0.0.1'), output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${output}`)));
  });
}

/** Kills the server (SIGKILL: no clean shutdown) and waits for it to be gone. */
export async function killNodeServer(server: RunningServer | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGKILL');
  await exited;
}
