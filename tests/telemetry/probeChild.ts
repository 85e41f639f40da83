import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { eventually, StopWaiting, tsHookPath } from '@carebridge/test-engines';
import type { ProbeReport } from './probeEvents';

export type ProbeChild = {
  /** Probe reports (lines with `probe`). */
  readonly reports: () => readonly ProbeReport[];
  /** pino lines, parsed. */
  readonly logs: () => readonly Record<string, unknown>[];
  /** Everything the process wrote, stdout and stderr. */
  readonly output: () => string;
  waitFor<T extends ProbeReport>(match: (r: ProbeReport) => r is T, timeoutMs?: number): Promise<T>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
};

/** Starts tests/telemetry/probeProcess.ts as a real node process. */
export const spawnProbe = (env: Record<string, string>): ProbeChild => {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--require', tsHookPath, path.join(__dirname, 'probeProcess.ts')],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const reports: ProbeReport[] = [];
  const logs: Record<string, unknown>[] = [];
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    output += `${text}\n`;
    try {
      const line = JSON.parse(text) as Record<string, unknown>;
      if ('probe' in line) reports.push(line as ProbeReport);
      else logs.push(line);
    } catch {
      // not JSON: kept in output only
    }
  });
  const exited = once(child, 'exit');
  return {
    reports: () => reports,
    logs: () => logs,
    output: () => output,
    waitFor: (match, timeoutMs = 90_000) =>
      eventually(
        () => {
          const found = reports.find(match);
          if (found) return found;
          const why = `probe process: no matching report (exit ${child.exitCode}); output:\n${output.slice(-4_000)}`;
          if (child.exitCode !== null) throw new StopWaiting(why);
          throw new Error(why);
        },
        { what: 'a matching report from the probe process', timeoutMs, intervalMs: 50 },
      ),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      return child.exitCode;
    },
  };
};
