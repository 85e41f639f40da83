// The event streams as a data team reads them: after the suite's scenarios, a Python consumer (confluent-kafka and
// jsonschema, tests/contract/analyst/consumeTopics.py) reads every topic of the run and checks each record against
// the contract alone: CloudEvents headers, the value against the schema its own ce_dataschema names, and no personal
// value of the scenarios on an analytics twin. Two planted records prove that it catches what it must.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { cloudEventType, eventRegistry, SCHEMA_BASE_URI } from '@carebridge/event-schema';
import { analystPythonPath, eventually, kafkaBrokers } from '@carebridge/test-engines';
import { suiteFixtures } from '../testing/suiteFixtures';
import { fixtureApi, fixtureOf } from '../testing/matrixTools';
import { reflectSuite } from '../testing/reflectedRpcs';
import { startSuite, type RunningSuite } from '../testing/suiteOnEngines';
import { personalValuesOf } from '../testing/personalValues';
import { driveEveryEventType, instantEmergencyDeadlines } from '../testing/eventScenarios';

jest.setTimeout(1_200_000);

const root = path.resolve(__dirname, '../../../..');
const script = path.join(root, 'tests/contract/analyst/consumeTopics.py');

/** What consumeTopics.py writes. */
type Where = { topic: string; partition: number; offset: number; ce_id: string | null; ce_type: string | null };
type AnalystReport = {
  topics: number;
  records: number;
  byKind: Record<'domain' | 'dlq' | 'analytics', number>;
  typesSeen: Record<string, number>;
  failures: (Where & { problems: string[] })[];
  personalLeaks: (Where & { values: string[] })[];
  unread: string[];
};

const runAnalyst = (prefix: string, personal: readonly string[]): Promise<AnalystReport> => {
  const dir = mkdtempSync(path.join(tmpdir(), 'carebridge-analyst-'));
  const report = path.join(dir, 'report.json');
  const values = path.join(dir, 'personal.json');
  writeFileSync(values, JSON.stringify(personal));
  const args = [
    script,
    ['--brokers', kafkaBrokers().join(',')],
    ['--prefix', prefix],
    ['--schemas', path.join(root, 'packages/event-schema/schemas')],
    ['--base-uri', SCHEMA_BASE_URI],
    ['--personal-values', values],
    ['--report', report],
  ].flat();
  return new Promise<AnalystReport>((resolve, reject) => {
    execFile(analystPythonPath(), args, { maxBuffer: 1 << 24, timeout: 600_000 }, (error, _stdout, stderr) => {
      try {
        if (error || !existsSync(report))
          reject(new Error(`consumeTopics.py failed: ${stderr || (error?.message ?? 'no report')}`));
        else {
          console.log(stderr.trim()); // the consumer's one-line summary: records, topics, failures
          resolve(JSON.parse(readFileSync(report, 'utf8')) as AnalystReport);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
};

/** Two records that break the contract, copied from real ones of the run: each must come back as a failure. */
const plantMalformed = async (suite: RunningSuite, prefix: string): Promise<{ badValue: string; badKey: string }> => {
  // As the run's bus reads them: topic names without the run's prefix.
  type Scanned = { topic: string; key: string | null; value: string; headers: Record<string, string> };
  const records = (await suite.topicsAtRest()).map((r) => JSON.parse(r.text) as Scanned);
  const contact = records.find(
    (r) => r.topic === 'hotline.contacts.v1' && r.headers.ce_type === 'org.carebridge.hotline.ContactRecorded.v1',
  );
  const referral = records.find((r) => r.topic === 'analytics.referrals.v1');
  if (!contact || !referral) throw new Error('the scenarios left no ContactRecorded or analytics referral to copy');
  // A clear caller name where the domain schema says sealed.
  const value = JSON.parse(contact.value) as { caller: Record<string, unknown> };
  value.caller.name = 'Planted Clear Name';
  const badValue = randomUUID();
  // A referral record whose key is its referral id, with the ce_partitionkey that says so taken away.
  const badKey = randomUUID();
  const headers = { ...referral.headers };
  delete headers.ce_partitionkey;
  const producer = new Kafka({
    clientId: 'analyst-plant',
    brokers: [...kafkaBrokers()],
    logLevel: logLevel.NOTHING,
  }).producer();
  await producer.connect();
  try {
    await producer.send({
      topic: prefix + contact.topic,
      messages: [{ key: contact.key, value: JSON.stringify(value), headers: { ...contact.headers, ce_id: badValue } }],
    });
    await producer.send({
      topic: prefix + referral.topic,
      messages: [{ key: referral.key, value: referral.value, headers: { ...headers, ce_id: badKey } }],
    });
  } finally {
    await producer.disconnect();
  }
  return { badValue, badKey };
};

describe('the event streams, read by an analyst in Python (confluent-kafka, jsonschema)', () => {
  let suite: RunningSuite | undefined;
  let report: AnalystReport;
  let planted: { badValue: string; badKey: string };
  let personal: string[];

  beforeAll(async () => {
    const saved = Object.fromEntries(Object.keys(instantEmergencyDeadlines).map((k) => [k, process.env[k]]));
    Object.assign(process.env, instantEmergencyDeadlines);
    const running = await startSuite('real').finally(() => {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    });
    suite = running;
    const prefix = running.topicPrefix!;
    const api = fixtureApi(running);
    // Every programme RPC as its fixture calls it (reads too: some leave an audit event), then the scenarios that
    // bring the events no single call makes. The projections' RPCs only read what these wrote.
    for (const rpc of (await reflectSuite(running)).filter((r) => r.service.name !== 'projections')) {
      const fixture = fixtureOf(suiteFixtures, rpc);
      if (fixture) await running.call(rpc.rpc, await fixture.request(api), fixture.caller);
    }
    await driveEveryEventType(running, api);
    // The analytics twins are written by the projections' consumers: read once they have caught up.
    await eventually(async () => (await running.consumerLag()) === 0, {
      what: 'the consumers to catch up',
      timeoutMs: 300_000,
      intervalMs: 1_000,
    });
    personal = await personalValuesOf(running);
    planted = await plantMalformed(running, prefix);
    // Stopped before reading, so that no consumer dead-letters the planted records meanwhile.
    await running.stop();
    suite = undefined;
    report = await runAnalyst(prefix, personal);
  });
  afterAll(async () => {
    await suite?.stop();
  });

  it('read every record of every topic of the run, domain, dead-letter and analytics', () => {
    expect(report.unread).toEqual([]);
    expect(report.byKind.domain).toBeGreaterThan(100);
    expect(report.byKind.analytics).toBeGreaterThan(100);
  });

  it('finds every record valid against its ce_dataschema with CloudEvents headers, but for the two planted ones', () => {
    const shown = (f: AnalystReport['failures'][number]) =>
      `${f.topic}@${f.offset} ${f.ce_type}: ${f.problems.join('; ')}`;
    const plantedIds = [planted.badValue, planted.badKey];
    expect(report.failures.filter((f) => !plantedIds.includes(f.ce_id ?? '')).map(shown)).toEqual([]);
    expect(report.failures).toHaveLength(2);
    expect(report.failures.map(shown)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^hotline\.contacts\.v1@.* value\/caller\/name: 'Planted Clear Name' is not of type 'object'$/,
        ),
        expect.stringMatching(/^analytics\.referrals\.v1@.* key: .* is not ce_subject \(no ce_partitionkey\) .*$/),
      ]),
    );
  });

  it('has seen every event type of the registry on its domain topic', () => {
    const types = [...new Set(eventRegistry.definitions.map((d) => d.type))].map((t) =>
      cloudEventType(eventRegistry.latest(t)!),
    );
    expect(types.filter((t) => !report.typesSeen[t])).toEqual([]);
  });

  it('finds no personal value of the scenarios on an analytics topic', () => {
    expect(personal.length).toBeGreaterThan(20);
    expect(report.personalLeaks).toEqual([]);
  });
});
