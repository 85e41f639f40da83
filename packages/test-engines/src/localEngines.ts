import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEndpoints } from './engineEndpoints';

/** Reads the KEY=value lines engines.sh writes; anything that is not such a line is an error, not a guess. */
export const parseEndpointsFile = (text: string): { kafkaBrokers: string; mongoUri: string } => {
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^([A-Z][A-Z0-9_]*)=(\S+)$/.exec(line);
    if (!match) throw new Error(`unexpected line in the engines' endpoints file: ${JSON.stringify(line)}`);
    entries.set(match[1]!, match[2]!);
  }
  const kafkaBrokers = entries.get('KAFKA_BROKERS');
  const mongoUri = entries.get('MONGODB_URI');
  if (!kafkaBrokers || !mongoUri) throw new Error(`the engines' endpoints file lacks KAFKA_BROKERS or MONGODB_URI`);
  return { kafkaBrokers, mongoUri };
};

export type LocalEnginesOptions = {
  /** Extra environment for engines.sh (e.g. PATH, CAREBRIDGE_ENGINES_HOME); the process's own is passed too. */
  readonly env?: NodeJS.ProcessEnv;
};

/**
 * Runs `bash infra/engines.sh up`: installs Kafka's jars and FerretDB on first use, reuses engines that already
 * listen on the configured ports (CAREBRIDGE_KAFKA_PORT, CAREBRIDGE_FERRETDB_PORT), and reads their endpoints from
 * a file of its own, so nothing a tool prints (Maven, Go, Java) can be taken for an endpoint.
 */
export const startLocalEngines = async (
  repoRoot: string,
  options: LocalEnginesOptions = {},
): Promise<EngineEndpoints> => {
  const dir = await mkdtemp(join(tmpdir(), 'carebridge-engines-'));
  const endpointsFile = join(dir, 'endpoints.env');
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('bash', [join(repoRoot, 'infra/engines.sh'), 'up'], {
        cwd: repoRoot,
        env: { ...process.env, ...options.env, CAREBRIDGE_ENDPOINTS_FILE: endpointsFile },
        // The script's stdout repeats the endpoints for people; the file is what counts here.
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0 ? resolve() : reject(new Error(`infra/engines.sh up exited with ${code}: see its messages above`)),
      );
    });
    return { ...parseEndpointsFile(await readFile(endpointsFile, 'utf8')), source: 'local scripts' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
