import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { eventually, StopWaiting, tsHookPath } from '@carebridge/test-engines';

export type RelayLine = {
  started?: string;
  published?: number;
  crashPoint?: string;
  error?: string;
  fatal?: string;
  stopped?: string;
};

export type RelayChild = {
  readonly process: ChildProcess;
  readonly lines: RelayLine[];
  /** Resolves with the first line (seen or to come) that matches. */
  waitForLine(match: (line: RelayLine) => boolean, timeoutMs?: number): Promise<RelayLine>;
  published(): number;
  /** Sends the signal and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
};

/** Starts test/relayProcess.ts as a real node process (sources transpiled on load by test-engines' tsHook.cjs). */
export const spawnRelay = (env: Record<string, string>): RelayChild => {
  const child = spawn(process.execPath, ['--require', tsHookPath, join(__dirname, 'relayProcess.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: RelayLine[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  createInterface({ input: child.stdout }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as RelayLine);
    } catch {
      // not a report line
    }
  });
  const exited = once(child, 'exit');
  return {
    process: child,
    lines,
    waitForLine: (match, timeoutMs = 60_000) =>
      eventually(
        () => {
          const found = lines.find(match);
          if (found) return found;
          const why = `relay child: no matching line (exit ${child.exitCode}); lines ${JSON.stringify(lines)}; stderr ${stderr}`;
          if (lines.some((l) => l.fatal) || child.exitCode !== null) throw new StopWaiting(why);
          throw new Error(why);
        },
        { what: 'a matching line from the relay child', timeoutMs, intervalMs: 50 },
      ),
    published: () => lines.reduce((n, l) => n + (l.published ?? 0), 0),
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
};
