import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import { checkHealth } from '@carebridge/grpc-kit';
import { eventually, StopWaiting } from '@carebridge/test-engines';

export type Exit = { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly at: number };

export type NodeChild = {
  readonly process: ChildProcess;
  /** Everything written to stdout and stderr so far (for assertions and failure messages). */
  output(): string;
  /** Resolves with the first stdout line (seen or to come) that matches; rejects on exit or timeout. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  readonly exited: Promise<Exit>;
  /** Sends the signal (if still running) and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<Exit>;
};

/** Runs `node <args>` as a real process, the way an image or `npm start` would. */
export const spawnNode = (args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): NodeChild => {
  const child = spawn(process.execPath, [...args], {
    env: options.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let text = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const tail = (): string => text.slice(-6_000);
  return {
    process: child,
    output: () => text,
    waitForLine: (match, timeoutMs = 60_000) =>
      eventually(
        () => {
          const found = lines.find(match);
          if (found !== undefined) return found;
          if (child.exitCode !== null || child.signalCode !== null)
            throw new StopWaiting(
              `process exited (${child.exitCode ?? child.signalCode}) before the line came:\n${tail()}`,
            );
          throw new Error(`no matching line yet:\n${tail()}`);
        },
        { what: 'a matching line', timeoutMs, intervalMs: 50 },
      ),
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
};

/** A port nobody listens on right now (the OS picks it). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/** Polls grpc.health.v1 until the server (or one service) reports SERVING. */
export const waitForServing = async (
  address: string,
  options: { service?: string; timeoutMs?: number; alive?: () => boolean } = {},
): Promise<void> => {
  await eventually(
    async () => {
      if (options.alive && !options.alive()) throw new StopWaiting(`process exited before ${address} was SERVING`);
      const status = await checkHealth(address, options.service ?? '');
      if (status !== 'SERVING') throw new Error(`health: ${status}`);
    },
    { what: `${address} to be SERVING`, timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 200 },
  );
};

/** PATH without any directory holding java, go or their tool chains: proves a process needs nothing but Node. */
export const pathWithoutJavaAndGo = (pathValue: string, exists: (file: string) => boolean): string =>
  pathValue
    .split(':')
    .filter((dir) => dir !== '' && !['java', 'go', 'mvn', 'gofmt'].some((tool) => exists(`${dir}/${tool}`)))
    .join(':');
