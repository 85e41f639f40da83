import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { programmeProtoFiles } from '@carebridge/grpc-kit';
import { createTestClient } from '@carebridge/grpc-kit/testing';
import { waitForServing, waitUntil, type NodeChild } from '@carebridge/service-host/testing';
import { catalogue } from './catalogue';
import {
  startEmbeddedSuite,
  suiteEntry as entry,
  tokenScript,
  type EmbeddedSuiteProcess,
  type StartedLine,
} from './testing/embeddedSuiteProcess';

const root = path.resolve(__dirname, '../../..');

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

describe('npm start: the suite on the embedded default with nothing but Node', () => {
  let suite: EmbeddedSuiteProcess;
  let child: NodeChild;
  let started: StartedLine;
  let dataDir: string;
  let strippedPath: string;

  beforeAll(async () => {
    suite = await startEmbeddedSuite();
    ({ child, started, dataDir, path: strippedPath } = suite);
  }, 400_000);

  afterAll(async () => {
    await suite?.stop();
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
