import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Ops checks that need no cluster and no Docker engine: every kustomize overlay × component combination
// decodes strictly against pinned Kubernetes API types, and docker-compose.yml validates. Only Go is needed:
// infra/k8s-check loads the compose file with compose-go, the loader Docker Compose itself uses. Where Docker's
// CLI is installed, `docker compose config` checks the file as well.
const root = join(__dirname, '../..');
const run = (cmd: string, args: string[], cwd = root) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });

const dockerCompose = spawnSync('docker', ['compose', 'version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;
const composeChecks = dockerCompose
  ? 'compose-go and docker compose config'
  : 'compose-go (no Docker CLI here: docker compose config not run)';

/** The part of the resolved compose project (`config --format json`, the same model from both loaders) we check. */
type ComposeProject = {
  services: Record<
    string,
    {
      depends_on?: Record<string, { condition: string }>;
      healthcheck?: { test?: string[]; disable?: boolean };
    }
  >;
};

const expectComposeProject = (json: string) => {
  const project = JSON.parse(json) as ComposeProject;
  expect(Object.keys(project.services).sort()).toEqual(
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
  // `config` accepts waiting for the health of a service without a healthcheck; `up` then fails.
  const waitsOnHealth = Object.values(project.services).flatMap((service) =>
    Object.entries(service.depends_on ?? {}).flatMap(([name, dep]) =>
      dep.condition === 'service_healthy' ? [name] : [],
    ),
  );
  expect(waitsOnHealth.length).toBeGreaterThan(0);
  const withoutHealthcheck = [...new Set(waitsOnHealth)].filter((name) => {
    const healthcheck = project.services[name]?.healthcheck;
    return !healthcheck?.test?.length || healthcheck.disable;
  });
  expect(withoutHealthcheck).toEqual([]);
};

describe('operations manifests', () => {
  it('the strict decoder itself rejects unknown fields, duplicates and wrong types', () => {
    expect(run('go', ['test', './...'], join(root, 'infra/k8s-check'))).toMatch(/^ok\s+carebridge\/infra\/k8s-check/m);
  });

  it('every overlay and component combination builds with kustomize and decodes strictly', () => {
    const out = run('go', ['run', '.', join(root, 'k8s')], join(root, 'infra/k8s-check'));
    const summary = /k8s-check: (\d+) builds, (\d+) manifests decoded strictly/.exec(out);
    expect(summary).not.toBeNull();
    // 2 overlays × 2^4 component subsets.
    expect(Number(summary![1])).toBe(32);
    expect(Number(summary![2])).toBeGreaterThan(32 * 20);
  });

  it(`docker-compose.yml loads with ${composeChecks}`, () => {
    expectComposeProject(
      run('go', ['run', '.', 'compose', join(root, 'docker-compose.yml')], join(root, 'infra/k8s-check')),
    );
    if (dockerCompose) {
      expectComposeProject(run('docker', ['compose', '-f', 'docker-compose.yml', 'config', '--format', 'json']));
    }
  });
});
