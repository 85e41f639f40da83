import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { programmeProtoFiles } from '@carebridge/grpc-kit';
import { createTestClient } from '@carebridge/grpc-kit/testing';
import {
  pathWithoutJavaAndGo,
  spawnNode,
  waitForServing,
  waitUntil,
  type NodeChild,
} from '@carebridge/service-host/testing';
import { catalogue, envPrefixOf } from './catalogue';

const root = path.resolve(__dirname, '../../..');
const entry = path.join(root, 'services/suite/dist/main.js');
const tokenScript = path.join(root, 'services/suite/dist/token.js');

/** Services whose service.ts exports create<Name>Service: every one of them must be composed by `npm start`. */
const servicesWithFactory = (): string[] =>
  fs
    .readdirSync(path.join(root, 'services'))
    .filter((name) => {
      const file = path.join(root, 'services', name, 'src', 'service.ts');
      const factory = `create${name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}Service`;
      return (
        fs.existsSync(file) &&
        new RegExp(`export\\s+(const|function|async function)\\s+${factory}\\b`).test(fs.readFileSync(file, 'utf8'))
      );
    })
    .sort();

type Started = { suite: string; services: { name: string; grpcPort: number; health: string }[] };

describe('npm start: the suite on the embedded default with nothing but Node', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carebridge-suite-'));
  const strippedPath = pathWithoutJavaAndGo(process.env.PATH ?? '', (f) => fs.existsSync(f));
  let child: NodeChild;
  let started: Started;

  beforeAll(async () => {
    // What `npm start` runs first; incremental, so cheap when `npm test` already built.
    execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-b', path.join(root, 'services/suite/tsconfig.json')], {
      cwd: root,
      stdio: 'inherit',
    });
    const env: NodeJS.ProcessEnv = {
      PATH: strippedPath,
      HOME: dataDir,
      CAREBRIDGE_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_MS: '15000',
    };
    // Any free port instead of 50051..: other test runs share this machine. The started line names the bound ones.
    for (const name of Object.keys(catalogue)) {
      env[`${envPrefixOf(name)}_GRPC_PORT`] = '0';
      env[`${envPrefixOf(name)}_HTTP_PORT`] = '0';
      env[`${envPrefixOf(name)}_PUBLIC_HTTP_PORT`] = '0';
    }
    child = spawnNode([entry], { env, cwd: root });
    const line = await child.waitForLine((l) => l.startsWith('{"suite":"started"'), 180_000);
    started = JSON.parse(line) as Started;
  }, 400_000);

  afterAll(async () => {
    await child?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs without java or go on its PATH and without MongoDB or Kafka settings', () => {
    for (const dir of strippedPath.split(':'))
      for (const tool of ['java', 'go']) expect(fs.existsSync(path.join(dir, tool))).toBe(false);
    expect(child.process.spawnargs).toEqual([process.execPath, entry]);
  });

  it('composes every service that exports its factory and says what it started', () => {
    expect(started.services.map((s) => s.name).sort()).toEqual(servicesWithFactory());
    expect(started.services.length).toBeGreaterThan(0);
    const banner = child.output();
    for (const s of started.services)
      expect(banner).toMatch(new RegExp(`${s.name}\\s+gRPC 127\\.0\\.0\\.1:${s.grpcPort}\\s+health SERVING`));
    expect(banner).toContain(dataDir);
    expect(banner).toContain('npm run -s token -- --role');
  });

  it('answers one RPC per service through a real client with a token from `npm run token`', async () => {
    for (const s of started.services) {
      await waitForServing(`127.0.0.1:${s.grpcPort}`);
      const { demo, probe } = catalogue[s.name]!;
      const token = execFileSync(process.execPath, [tokenScript, '--role', demo.role, '--division', demo.division], {
        env: { PATH: strippedPath },
      })
        .toString()
        .trim();
      const client = createTestClient({
        address: `127.0.0.1:${s.grpcPort}`,
        protoFiles: programmeProtoFiles(probe.programme),
        service: probe.service,
        token,
      });
      try {
        const reply = await client.call<Record<string, unknown>>(probe.method, probe.request, { deadlineMs: 15_000 });
        // Proto3 defaults are on: even an empty list reply carries its fields.
        expect({ service: s.name, fields: Object.keys(reply).length > 0 }).toEqual({ service: s.name, fields: true });
      } finally {
        client.close();
      }
    }
  }, 120_000);

  it("shows the hotline's demo house-fire case as a journey into charity relief", async () => {
    const portOf = (name: string) => started.services.find((s) => s.name === name)!.grpcPort;
    const tokenFor = (role: string, division: string) =>
      execFileSync(process.execPath, [tokenScript, '--role', role, '--division', division], {
        env: { PATH: strippedPath },
      })
        .toString()
        .trim();
    const supervisor = tokenFor('hotline.supervisor', '630000');
    const hotline = createTestClient({
      address: `127.0.0.1:${portOf('hotline')}`,
      protoFiles: programmeProtoFiles('hotline'),
      service: 'carebridge.hotline.v1.HotlineService',
      token: supervisor,
    });
    const projections = createTestClient({
      address: `127.0.0.1:${portOf('projections')}`,
      protoFiles: programmeProtoFiles('projections'),
      service: 'carebridge.projections.v1.Projections',
      token: supervisor,
    });
    try {
      const { cases } = await hotline.call<{ cases: { caseId: string; county: string; status: string }[] }>(
        'ListCases',
        { division: '630000' },
      );
      expect(cases.map((c) => c.status).sort()).toEqual(['accepted', 'assigned', 'closed', 'closed', 'open']);
      const fire = cases.find((c) => c.county === '630121')!;
      // Relief drafts the application from the referral in the same process; the journey shows both programmes.
      let steps: string[] = [];
      await waitUntil(
        'the drafted application in the journey',
        async () => {
          const { journeys } = await projections.call<{ journeys: { steps: { step: string }[] }[] }>('GetJourney', {
            caseId: fire.caseId,
          });
          steps = journeys[0]?.steps.map((s) => s.step) ?? [];
          // On timeout, this failure (the steps so far) is the one reported.
          expect(steps).toContain('ApplicationDrafted');
          return true;
        },
        60_000,
      );
      expect(steps).toEqual(expect.arrayContaining(['CaseOpened', 'CaseAccepted', 'Requested', 'ApplicationDrafted']));
      expect(steps.indexOf('Requested')).toBeLessThan(steps.indexOf('ApplicationDrafted'));
    } finally {
      hotline.close();
      projections.close();
    }
  }, 90_000);

  it('stops cleanly on SIGTERM', async () => {
    const exit = await child.kill('SIGTERM');
    // Exit 0 means the shutdown finished within its grace period (past it, the suite exits 1).
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
  }, 30_000);
});
