import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { EngineEndpoints } from './engineEndpoints';

/**
 * Runs `bash infra/engines.sh up`: installs Kafka's jars and FerretDB on first use, reuses engines that already
 * listen on the configured ports (CAREBRIDGE_KAFKA_PORT, CAREBRIDGE_FERRETDB_PORT), and prints their endpoints.
 */
export const startLocalEngines = (repoRoot: string): Promise<EngineEndpoints> =>
  new Promise((resolve, reject) => {
    const child = spawn('bash', [join(repoRoot, 'infra/engines.sh'), 'up'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`infra/engines.sh up exited with ${code}`));
      const env = Object.fromEntries(
        out
          .split('\n')
          .map((line) => line.trim().split('='))
          .filter((parts) => parts.length >= 2)
          .map(([key, ...rest]) => [key, rest.join('=')]),
      );
      const kafkaBrokers = env.KAFKA_BROKERS;
      const mongoUri = env.MONGODB_URI;
      if (!kafkaBrokers || !mongoUri) return reject(new Error(`infra/engines.sh up printed no endpoints: ${out}`));
      resolve({ kafkaBrokers, mongoUri, source: 'local scripts' });
    });
  });
