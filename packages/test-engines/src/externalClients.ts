import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * grpcurl, which `infra/engines.sh up` (run by `npm test`) builds into .engines/tools/bin: the tests check
 * reflection and error details with a client the project did not write. GRPCURL points at another build.
 */
const enginesHome = (): string =>
  process.env.CAREBRIDGE_ENGINES_HOME ?? join(resolve(__dirname, '../../..'), '.engines');

export const grpcurlPath = (): string => {
  const home = enginesHome();
  const path = process.env.GRPCURL ?? join(home, 'tools/bin/grpcurl');
  if (!existsSync(path))
    throw new Error(`grpcurl not found at ${path}: run \`bash infra/engines.sh up\` (npm test does)`);
  return path;
};

/**
 * protoc-gen-doc, which `infra/engines.sh up` (or `tools`) builds beside grpcurl: it writes the API reference in
 * docs/api/ from the protos' comments, and the proto contract test regenerates it to check the committed copy.
 */
export const protocGenDocPath = (): string => {
  const path = join(enginesHome(), 'tools/bin/protoc-gen-doc');
  if (!existsSync(path))
    throw new Error(`protoc-gen-doc not found at ${path}: run \`bash infra/engines.sh tools\` (npm test does)`);
  return path;
};

/**
 * The Python of the analyst contract test: a venv in .engines/analyst-python with confluent-kafka and jsonschema,
 * which `infra/engines.sh up` (run by `npm test`) installs from tests/contract/analyst/requirements.txt.
 */
export const analystPythonPath = (): string => {
  const path = join(enginesHome(), 'analyst-python/bin/python');
  if (!existsSync(path))
    throw new Error(
      `the analyst's Python (confluent-kafka, jsonschema) is missing at ${path}: run \`bash infra/engines.sh up\` (npm test does), which installs tests/contract/analyst/requirements.txt there`,
    );
  return path;
};

/**
 * The Python of the agency client example (examples/python-client): a venv in .engines/agency-python with grpcio,
 * grpcio-tools and grpcio-status, which `infra/engines.sh up` (or `tools`) installs from its requirements.txt.
 */
export const agencyPythonPath = (): string => {
  const path = join(enginesHome(), 'agency-python/bin/python');
  if (!existsSync(path))
    throw new Error(
      `the agency client's Python (grpcio, grpcio-tools, grpcio-status) is missing at ${path}: run \`bash infra/engines.sh tools\` (npm test runs \`up\`, which does too), which installs examples/python-client/requirements.txt there`,
    );
  return path;
};
