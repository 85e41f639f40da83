import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * grpcurl, which `infra/engines.sh up` (run by `npm test`) builds into .engines/tools/bin: the tests check
 * reflection and error details with a client the project did not write. GRPCURL points at another build.
 */
export const grpcurlPath = (): string => {
  const home = process.env.CAREBRIDGE_ENGINES_HOME ?? join(resolve(__dirname, '../../..'), '.engines');
  const path = process.env.GRPCURL ?? join(home, 'tools/bin/grpcurl');
  if (!existsSync(path))
    throw new Error(`grpcurl not found at ${path}: run \`bash infra/engines.sh up\` (npm test does)`);
  return path;
};
