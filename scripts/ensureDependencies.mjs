// Run before `npm start` and `npm test` (npm's prestart/pretest): a fresh clone needs no command but those two.
// Installs the npm dependencies when node_modules is missing or older than package-lock.json; otherwise does
// nothing and takes a few milliseconds. Node built-ins only: nothing is installed yet when this runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const [major, minor] = process.versions.node.split('.').map(Number);
if (!((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22)) {
  const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;
  console.error(`setup: Node.js ${process.versions.node} is too old; CareBridge needs ${wanted}.`);
  process.exit(1);
}

// npm writes node_modules/.package-lock.json on every install: older than the lock file means the lock moved on.
const installed = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
const reason = !existsSync(installed)
  ? 'node_modules is missing'
  : statSync(installed).mtimeMs < statSync(lock).mtimeMs
    ? 'node_modules is older than package-lock.json'
    : undefined;

if (reason) {
  console.error(`setup: ${reason}: installing the npm dependencies with npm ci (a few minutes, once)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`setup: npm ci failed (exit ${result.status ?? result.signal}); see its messages above`);
    process.exit(result.status ?? 1);
  }
}
