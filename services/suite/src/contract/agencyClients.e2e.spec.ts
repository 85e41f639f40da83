// Agency clients in two other languages against `npm start`, on one suite: each generates its stubs from
// packages/proto with its own toolchain, drives a hotline child's referral into relief to a decision, checks the
// error details (google.rpc.BadRequest, ErrorInfo) and the idempotency rule, and reads the journey from the
// projections service.
// - Python (examples/python-client): grpcio-tools and grpcio-status, in the venv infra/engines.sh installs from the
//   example's requirements.txt.
// - Java (examples/java-client): Maven's protobuf plugin and grpc-java, packaged as one runnable jar. Maven keeps its
//   downloads under .engines/maven-repo, so a clean machine works and nothing is written outside the checkout; the
//   first build downloads from Maven Central.
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { programmeProtoFiles } from '@carebridge/grpc-kit';
import { createTestClient } from '@carebridge/grpc-kit/testing';
import { agencyPythonPath } from '@carebridge/test-engines';
import { startEmbeddedSuite, type EmbeddedSuiteProcess } from '../testing/embeddedSuiteProcess';

const root = path.resolve(__dirname, '../../../..');
const scenario = path.join(root, 'examples/python-client/scenario.py');
const project = path.join(root, 'examples/java-client');
const jar = path.join(project, 'target/carebridge-agency-client.jar');
const mavenRepo = path.join(root, '.engines/maven-repo');
const BUILD_MS = 15 * 60_000;
const SUITE_START_MS = 400_000;

type Run = { readonly code: number | null; readonly stdout: string; readonly stderr: string; readonly ms: number };

/** Runs a program with the test's own PATH (java, mvn); resolves with its exit and output whatever happens. */
const run = (file: string, args: readonly string[], env: NodeJS.ProcessEnv, timeout: number): Promise<Run> =>
  new Promise((resolve) => {
    const started = Date.now();
    execFile(
      file,
      [...args],
      { cwd: project, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout, maxBuffer: 1 << 26 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
          ms: Date.now() - started,
        }),
    );
  });

const shown = (what: string, r: Run): string =>
  `${what} exited ${String(r.code)} after ${Math.round(r.ms / 1000)} s\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** scenario.py with the agency venv's Python. */
const runScenario = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> =>
  run(agencyPythonPath(), [scenario, ...args], env, 400_000);

/** `mvn -B -q package` of the Java example, with its own local repository inside the checkout. */
const mavenPackage = (): Promise<Run> =>
  run('mvn', ['-B', '-q', '-Dstyle.color=never', `-Dmaven.repo.local=${mavenRepo}`, 'package'], {}, BUILD_MS);

/** The packaged Java client, as an agency developer runs it. */
const agencyClient = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> =>
  run('java', ['-jar', jar, ...args], env, 300_000);

type PythonSummary = {
  scenario: string;
  caseId: string;
  childRef: string;
  referralId: string;
  applicationId: string;
  assessment: { decision: string; reasons: string[]; ruleVersion: string };
  relief: string;
  hotlineOutcome: string;
  journey: string[];
};

type JavaSummary = {
  caseId: string;
  referralId: string;
  applicationId: string;
  invalidArgumentField: string;
  idempotentRetry: { openCaseAgain: string; casesAdded: number; governmentReliefRecords: number };
  decision: string;
  reasons: string[];
  approveRefusal: string;
  applicationStatus: string;
  journeyApplicationStatus: string;
  hotlineRecordedOutcomes: string[];
  journeySteps: string[];
};

/** The application as the suite holds it, read by the project's own client rather than taken from the client's word. */
const applicationAsStored = async (
  suite: EmbeddedSuiteProcess,
  token: string,
  applicationId: string,
): Promise<Record<string, unknown>> => {
  const relief = createTestClient({
    address: suite.addressOf('relief-intake'),
    protoFiles: programmeProtoFiles('relief'),
    service: 'carebridge.relief.v1.ReliefIntake',
    token,
  });
  try {
    return (await relief.call<{ application: Record<string, unknown> }>('GetApplication', { applicationId }))
      .application;
  } finally {
    relief.close();
  }
};

describe('agency clients in other languages against npm start', () => {
  let suite: EmbeddedSuiteProcess;
  let build: Run;
  const py = { operator: '', handler: '', caseworker: '' };
  const java = { operator: '', handler: '', caseworker: '' };

  beforeAll(
    async () => {
      // One after the other: on a two-core machine the suite's start (demo data included) and a first Maven build
      // slow each other down past the suite's start-up wait.
      build = await mavenPackage();
      suite = await startEmbeddedSuite(SUITE_START_MS);
      py.operator = suite.tokenFor('hotline.operator', '630100', 'py-op-xining');
      py.handler = suite.tokenFor('hotline.handler', '630121', 'py-h-datong');
      py.caseworker = suite.tokenFor('relief.caseworker', '320300', 'py-cw-xuzhou');
      java.operator = suite.tokenFor('hotline.operator', '630100', 'java-op-xining');
      java.handler = suite.tokenFor('hotline.handler', '630121', 'java-h-datong');
      java.caseworker = suite.tokenFor('relief.caseworker', '630100', 'java-cw-xining');
    },
    BUILD_MS + SUITE_START_MS + 60_000,
  );
  afterAll(async () => {
    await suite?.stop();
  });

  describe('Python (examples/python-client)', () => {
    it('refers a hotline child to relief, rejects the ineligible application and reads the journey, checking every step', async () => {
      const result = await runScenario([
        '--hotline',
        suite.addressOf('hotline'),
        '--relief',
        suite.addressOf('relief-intake'),
        '--projections',
        suite.addressOf('projections'),
        '--operator-token',
        py.operator,
        '--handler-token',
        py.handler,
        '--caseworker-token',
        py.caseworker,
      ]);
      if (result.code !== 0) throw new Error(shown('scenario.py', result));
      expect(result.stderr).toBe('');

      const lines = result.stdout.trim().split('\n');
      const summary = JSON.parse(lines.at(-1)!) as PythonSummary;
      expect(summary).toMatchObject({
        scenario: 'passed',
        assessment: { decision: 'ineligible', reasons: ['outside_programme_window'], ruleVersion: 'jiangsu-2020.1' },
        relief: 'rejected',
        hotlineOutcome: 'rejected',
      });
      expect(summary.caseId).toMatch(/^cs-/);
      expect(summary.referralId).toMatch(/^ref-/);
      expect(summary.applicationId).toBe(`ref-${summary.referralId}`);
      const chain = ['CaseOpened', 'CaseAccepted', 'Requested', 'ApplicationDrafted', 'ApplicationRejected'];
      expect(chain.map((step) => summary.journey.indexOf(step))).toEqual(
        chain.map((step) => summary.journey.indexOf(step)).sort((a, b) => a - b),
      );
      expect(summary.journey).toEqual(expect.arrayContaining(chain));
      // The checks it made along the way, each on a line of its own.
      const checks = lines.filter((l) => l.startsWith('ok - '));
      expect(checks.length).toBeGreaterThanOrEqual(25);
      expect(result.stdout).toContain('naming child.id_number');
      expect(result.stdout).toContain('a write without metadata idempotency-key names idempotency_key');
      expect(result.stdout).toContain('naming amount_fen');
      expect(result.stdout).toContain('the retry added no record: still 1 grant');
      expect(result.stdout).toContain('google.rpc.ErrorInfo reason INELIGIBLE');

      // What the suite holds afterwards, read by the project's own client: one rejected application from the referral.
      expect(await applicationAsStored(suite, py.caseworker, summary.applicationId)).toMatchObject({
        status: 'rejected',
        referral: { referralId: summary.referralId },
        governmentReliefRecords: 1,
      });
    }, 600_000);

    it('exits 1 and says which check failed when the suite refuses its token', async () => {
      const result = await runScenario([], {
        CAREBRIDGE_HOTLINE: suite.addressOf('hotline'),
        CAREBRIDGE_RELIEF: suite.addressOf('relief-intake'),
        CAREBRIDGE_PROJECTIONS: suite.addressOf('projections'),
        CAREBRIDGE_OPERATOR_TOKEN: 'not-a-token',
        CAREBRIDGE_HANDLER_TOKEN: py.handler,
        CAREBRIDGE_CASEWORKER_TOKEN: py.caseworker,
      });
      expect({ code: result.code, failed: result.stderr.split('\n')[0] }).toEqual({
        code: 1,
        failed: expect.stringMatching(/^FAILED: expected INVALID_ARGUMENT, got UNAUTHENTICATED/) as unknown,
      });
      expect(result.stdout).not.toContain('"scenario": "passed"');
    }, 120_000);

    it('exits 2 with its usage when a token is missing', async () => {
      const result = await runScenario(['--hotline', suite.addressOf('hotline')]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('missing --operator-token, --handler-token, --caseworker-token');
    }, 60_000);
  });

  describe('Java (examples/java-client)', () => {
    it('builds with Maven: stubs generated from packages/proto, one runnable jar', () => {
      if (build.code !== 0) throw new Error(shown('mvn -B -q package', build));
      expect(build.stderr).not.toMatch(/\[ERROR\]/);
    });

    it('refers a hotline child to relief, rejects the ineligible application and reads the journey, checking every step', async () => {
      if (build.code !== 0) throw new Error(shown('mvn -B -q package (needed by this test)', build));
      const client = await agencyClient(
        [
          '--hotline',
          suite.addressOf('hotline'),
          '--relief',
          suite.addressOf('relief-intake'),
          '--projections',
          suite.addressOf('projections'),
        ],
        {
          CAREBRIDGE_OPERATOR_TOKEN: java.operator,
          CAREBRIDGE_HANDLER_TOKEN: java.handler,
          CAREBRIDGE_CASEWORKER_TOKEN: java.caseworker,
        },
      );
      if (client.code !== 0) throw new Error(shown('java -jar carebridge-agency-client.jar', client));

      const last = client.stdout.trim().split('\n').at(-1)!;
      expect(last.startsWith('SCENARIO OK ')).toBe(true);
      const summary = JSON.parse(last.slice('SCENARIO OK '.length)) as JavaSummary;
      expect(summary).toMatchObject({
        invalidArgumentField: 'form.applicant.id_number',
        idempotentRetry: { openCaseAgain: summary.caseId, casesAdded: 0, governmentReliefRecords: 1 },
        decision: 'ineligible',
        approveRefusal: 'INELIGIBLE',
        applicationStatus: 'rejected',
        journeyApplicationStatus: 'rejected',
      });
      expect(summary.caseId).toMatch(/^cs-/);
      expect(summary.referralId).toMatch(/^ref-/);
      expect(summary.applicationId).toBe(`ref-${summary.referralId}`);
      // Jiangsu's programme pays households of five Jiangsu prefectures: a Datong (Qinghai) household is outside them.
      expect(summary.reasons).toContain('outside_eligible_divisions');
      expect(summary.hotlineRecordedOutcomes).toEqual(expect.arrayContaining(['received', 'rejected']));
      const chain = ['CaseOpened', 'CaseAccepted', 'Requested', 'ApplicationDrafted', 'ApplicationRejected'];
      expect(summary.journeySteps).toEqual(expect.arrayContaining(chain));
      const at = chain.map((step) => summary.journeySteps.indexOf(step));
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(client.stdout).toContain('[relief] refused: INVALID_ARGUMENT form.applicant.id_number');

      // What the suite holds afterwards, read by the project's own client rather than taken from the Java one.
      expect(await applicationAsStored(suite, java.caseworker, summary.applicationId)).toMatchObject({
        status: 'rejected',
        referral: { referralId: summary.referralId, fromProgramme: 'hotline' },
        governmentReliefRecords: 1,
        assessment: { decision: 'ineligible' },
      });
    }, 600_000);

    it('exits 1 and says what failed when the suite refuses its token', async () => {
      if (build.code !== 0) throw new Error(shown('mvn -B -q package (needed by this test)', build));
      const client = await agencyClient([], {
        CAREBRIDGE_HOTLINE: suite.addressOf('hotline'),
        CAREBRIDGE_RELIEF: suite.addressOf('relief-intake'),
        CAREBRIDGE_PROJECTIONS: suite.addressOf('projections'),
        CAREBRIDGE_OPERATOR_TOKEN: 'not-a-token',
        CAREBRIDGE_HANDLER_TOKEN: java.handler,
        CAREBRIDGE_CASEWORKER_TOKEN: java.caseworker,
      });
      expect({ code: client.code, said: client.stdout.trim().split('\n').at(-1) }).toEqual({
        code: 1,
        said: expect.stringMatching(/^SCENARIO FAILED: unexpected gRPC error UNAUTHENTICATED/) as unknown,
      });
      expect(client.stdout).not.toContain('SCENARIO OK');
    }, 120_000);

    it('exits 2 with its usage when a token is missing', async () => {
      if (build.code !== 0) throw new Error(shown('mvn -B -q package (needed by this test)', build));
      const client = await agencyClient(['--hotline', suite.addressOf('hotline')]);
      expect(client.code).toBe(2);
      expect(client.stderr).toContain(
        'missing --operator-token (or CAREBRIDGE_OPERATOR_TOKEN), --handler-token (or CAREBRIDGE_HANDLER_TOKEN), ' +
          '--caseworker-token (or CAREBRIDGE_CASEWORKER_TOKEN)',
      );
      expect(client.stderr).toContain('usage: java -jar target/carebridge-agency-client.jar');
    }, 60_000);
  });
});
