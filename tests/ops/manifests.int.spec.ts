import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// Ops checks that need no cluster and no Docker engine: every kustomize overlay × component combination
// decodes strictly against pinned Kubernetes API types, and docker-compose.yml validates.
const root = join(__dirname, '../..');
const run = (cmd: string, args: string[], cwd = root) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });

describe('operations manifests', () => {
  it('the strict decoder itself rejects unknown fields, duplicates and wrong types', () => {
    expect(run('go', ['test', './...'], join(root, 'infra/k8s-check'))).toMatch(/^ok\s+carebridge\/infra\/k8s-check/m);
  });

  it('every overlay and component combination builds with kustomize and decodes strictly', () => {
    const out = run('go', ['run', '.', join(root, 'k8s')], join(root, 'infra/k8s-check'));
    const summary = /k8s-check: (\d+) builds, (\d+) manifests decoded strictly/.exec(out);
    expect(summary).not.toBeNull();
    // 2 overlays × 2^3 component subsets.
    expect(Number(summary![1])).toBe(16);
    expect(Number(summary![2])).toBeGreaterThan(16 * 20);
  });

  it('docker-compose.yml validates with docker-compose config', () => {
    const services = run('docker-compose', ['-f', 'docker-compose.yml', 'config', '--services']).trim().split('\n');
    expect(services.sort()).toEqual(
      [
        'hotline',
        'jaeger',
        'kafka',
        'kafka-topics',
        'mongodb',
        'otel-collector',
        'projections',
        'relief-intake',
        'service-catalog',
        'volunteer-dispatch',
      ].sort(),
    );
  });
});
