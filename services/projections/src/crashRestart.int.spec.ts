import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { createSqliteDocumentStore } from '@carebridge/document-store-sqlite';
import type { DocumentStore } from '@carebridge/document-store';
import { createKafkaBus, type IncomingRecord, type MessageBus } from '@carebridge/messaging';
import { eventually, kafkaBrokers, tsHookPath, uniqueName } from '@carebridge/test-engines';
import { hotlineCaseRows } from './dashboards/hotlineCases';
import { referralRows } from './dashboards/referralConversion';
import { reliefApplicationRows } from './dashboards/reliefApplications';
import { journeyCollections } from './journey/journeyProjection';
import { readAll } from './runtime/readAll';
import { EVENTS_PER_SCENARIO, loadName, scenarioRecords, STEPS_PER_SCENARIO } from './testing/crashLoad';
import { JOURNEY_TOPICS, topicNames } from './topics';

jest.setTimeout(900_000);

const SCENARIOS = 750; // 10,500 events
const root = join(__dirname, '..');

const spawnProjections = (env: Record<string, string>): { child: ChildProcess; started: Promise<void> } => {
  const child = spawn(process.execPath, ['--require', tsHookPath, join(root, 'test/projectionsProcess.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-4000)));
  const started = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('"started"')) resolve();
      if (line.includes('"fatal"')) reject(new Error(`${line} ${stderr}`));
    });
    child.once('exit', (code) => reject(new Error(`projections exited ${code}: ${stderr}`)));
  });
  started.catch(() => undefined);
  return { child, started };
};

const until = (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 600_000): Promise<boolean> =>
  eventually(check, { what, timeoutMs, intervalMs: 500 });

describe('a projections process SIGKILLed mid-stream under 10,500 events', () => {
  const prefix = `${uniqueName('pjkill')}.`;
  const topics = topicNames({ prefix });
  const dir = mkdtempSync(join(tmpdir(), 'pjkill-'));
  const env = {
    KAFKA_BROKERS: kafkaBrokers().join(','),
    PJ_DOCS: join(dir, 'documents.db'),
    PJ_KEYS: join(dir, 'keys.db'),
    PJ_PREFIX: prefix,
    PJ_PSEUDONYM_KEY: randomBytes(32).toString('hex'),
    PJ_ANALYTICS: JOURNEY_TOPICS.join(','),
  };
  let bus: MessageBus;
  let documents: DocumentStore;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    bus = createKafkaBus({ brokers: kafkaBrokers(), clientId: 'pjkill-test' });
    await bus.admin.ensureTopics(JOURNEY_TOPICS.map((t) => ({ topic: topics.of(t), partitions: 6 })));
    documents = createSqliteDocumentStore({ filename: env.PJ_DOCS });
  }, 120_000);
  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await documents?.close();
    await bus?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  test('after a restart every count equals the source and nothing is doubled', async () => {
    const first = spawnProjections(env);
    child = first.child;
    await first.started;
    const records = Array.from({ length: SCENARIOS }, (_, i) => scenarioRecords(i, topics.of)).flat();
    expect(records.length).toBe(SCENARIOS * EVENTS_PER_SCENARIO);
    const cases = hotlineCaseRows(documents);
    const producing = (async () => {
      for (let i = 0; i < records.length; i += 500) await bus.publisher.send(records.slice(i, i + 500));
    })();
    // Mid-stream: some read models part-way, the load still arriving or just in.
    await until('a quarter of the cases applied', async () => (await cases.count({})) >= SCENARIOS / 4);
    const killedAt = await cases.count({});
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    expect(killedAt).toBeLessThan(SCENARIOS);
    await producing;

    const second = spawnProjections(env);
    child = second.child;
    await second.started;
    const groups = [
      'journeys',
      'hotline-cases',
      'relief-fund',
      'referral-conversion',
      ...JOURNEY_TOPICS.map((t) => `analytics.${t}`),
    ];
    const topicsOf = (g: string) =>
      g === 'hotline-cases'
        ? [topics.of('hotline.cases.v1')]
        : g === 'relief-fund'
          ? [topics.of('relief.applications.v1')]
          : g === 'referral-conversion'
            ? [topics.of('referrals.v1')]
            : g === 'journeys'
              ? JOURNEY_TOPICS.map(topics.of)
              : [topics.of(g.slice('analytics.'.length))];
    await until('every consumer group caught up', async () => {
      for (const g of groups) {
        const lag = await bus.admin.lag(topics.groupOf(g), topicsOf(g));
        if (lag.some((p) => p.lag > 0 || p.committed < 0)) return false;
      }
      return true;
    });

    const caseRows = await readAll(cases);
    expect(caseRows.length).toBe(SCENARIOS);
    expect(caseRows.filter((r) => r.status === 'closed').length).toBe(SCENARIOS);
    expect(caseRows.filter((r) => r.breachedStages.includes('acceptance')).length).toBe(SCENARIOS / 10);
    const apps = await readAll(reliefApplicationRows(documents));
    expect(apps.length).toBe(SCENARIOS);
    expect(apps.reduce((n, a) => n + a.paidFen, 0)).toBe(SCENARIOS * 500_000);
    expect(apps.reduce((n, a) => n + a.approvedFen, 0)).toBe(SCENARIOS * 500_000);
    const referrals = await readAll(referralRows(documents));
    expect(referrals.length).toBe(SCENARIOS);
    expect(referrals.filter((r) => r.paidAt && r.approvedAt && r.appliedAt).length).toBe(SCENARIOS);
    const journeys = await readAll(journeyCollections(documents).journeys);
    expect(journeys.length).toBe(SCENARIOS);
    const steps = journeys.flatMap((j) => j.steps);
    expect(steps.length).toBe(SCENARIOS * STEPS_PER_SCENARIO);
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);

    // Analytics: every source event has its twin (same ce_id); a twin published twice would show here.
    const seen: IncomingRecord[] = [];
    const reader = await bus.subscribe({
      groupId: uniqueName('pjkill_scan'),
      topics: JOURNEY_TOPICS.map(topics.analyticsOf),
      fromBeginning: true,
      eachBatch: (b) => {
        seen.push(...b.records);
        return Promise.resolve();
      },
    });
    try {
      await until(
        'every analytics twin',
        () => new Set(seen.map((r) => r.headers.ce_id)).size >= records.length,
        300_000,
      );
      await new Promise((r) => setTimeout(r, 3_000));
    } finally {
      await reader.stop();
    }
    const ids = seen.map((r) => r.headers.ce_id);
    expect(new Set(ids).size).toBe(records.length);
    process.stdout.write(
      `killed with ${killedAt}/${SCENARIOS} cases applied; analytics twins ${ids.length} for ${records.length} events (${ids.length - records.length} republished after the kill, same ce_id)\n`,
    );
    expect(seen.some((r) => r.value.toString().includes(loadName(1).slice(0, 9)))).toBe(false);
  });
});
