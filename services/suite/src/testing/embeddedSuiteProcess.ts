import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathWithoutJavaAndGo, spawnNode, type NodeChild } from '@carebridge/service-host/testing';
import { catalogue, envPrefixOf } from '../catalogue';

const root = path.resolve(__dirname, '../../../..');
/** What `npm start` runs, and the script behind `npm run token`. */
export const suiteEntry = path.join(root, 'services/suite/dist/main.js');
export const tokenScript = path.join(root, 'services/suite/dist/token.js');

/** The machine-readable line the suite prints once every service is up. */
export type StartedLine = { suite: string; services: { name: string; grpcPort: number; health: string }[] };

export type EmbeddedSuiteProcess = {
  readonly child: NodeChild;
  readonly started: StartedLine;
  readonly dataDir: string;
  /** The PATH the suite runs with: the test's, without java or go. */
  readonly path: string;
  /** `127.0.0.1:<bound gRPC port>` of a composed service (by its services/<name> directory name). */
  readonly addressOf: (service: string) => string;
  /** A token from `npm run token` (services/suite/dist/token.js), as a developer gets one. */
  readonly tokenFor: (role: string, division: string, sub?: string) => string;
  /** Kills the suite and removes its data directory. */
  readonly stop: () => Promise<void>;
};

/**
 * `npm start` as a child process, the way a developer runs it: built first (incremental), the embedded default in a
 * fresh data directory, nothing but Node on the PATH, and any free ports (other test runs share this machine)
 * instead of 50051..; the started line names the bound ones.
 */
export const startEmbeddedSuite = async (timeoutMs = 360_000): Promise<EmbeddedSuiteProcess> => {
  execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-b', path.join(root, 'services/suite/tsconfig.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebridge-suite-'));
  const strippedPath = pathWithoutJavaAndGo(process.env.PATH ?? '', (f) => fs.existsSync(f));
  const env: NodeJS.ProcessEnv = {
    PATH: strippedPath,
    HOME: dataDir,
    CAREBRIDGE_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SHUTDOWN_GRACE_MS: '15000',
  };
  for (const name of Object.keys(catalogue)) {
    env[`${envPrefixOf(name)}_GRPC_PORT`] = '0';
    env[`${envPrefixOf(name)}_HTTP_PORT`] = '0';
    env[`${envPrefixOf(name)}_PUBLIC_HTTP_PORT`] = '0';
  }
  const child = spawnNode([suiteEntry], { env, cwd: root });
  const stop = async (): Promise<void> => {
    await child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  let started: StartedLine;
  try {
    started = JSON.parse(await child.waitForLine((l) => l.startsWith('{"suite":"started"'), timeoutMs)) as StartedLine;
  } catch (error) {
    await stop();
    throw error;
  }
  const addressOf = (service: string): string => {
    const found = started.services.find((s) => s.name === service);
    if (!found) throw new Error(`the suite started no ${service}: ${started.services.map((s) => s.name).join(', ')}`);
    return `127.0.0.1:${found.grpcPort}`;
  };
  const tokenFor = (role: string, division: string, sub?: string): string =>
    execFileSync(
      process.execPath,
      [tokenScript, '--role', role, '--division', division, ...(sub === undefined ? [] : ['--sub', sub])],
      { env: { PATH: strippedPath } },
    )
      .toString()
      .trim();
  return { child, started, dataDir, path: strippedPath, addressOf, tokenFor, stop };
};
