// `npm run bench`: every benchmark of the suite in ONE run, each against the raw substrate measured in the
// same run (ratios, not absolute numbers: machines here are 2 noisy cores). Writes docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'package.json'));
// Layout: each benchmark sits beside what it measures, in <package>/bench/bench.ts, outside src/ so that no build
// (dist/, the images) ships it, and outside tests/ because it reaches into its own package's internals
// (../src/...) and test helpers (@carebridge/<name>/testing), which only its package should. Benchmarks are not
// built: they run from the TypeScript sources through the require hook the int tests spawn processes with, which
// maps @carebridge/<name> to packages/<name>/src, so the benchmarks and the code they measure are one module graph
// (`npm test` type-checks bench/ through tsconfig.tests.json).
const tsHook = join(root, 'packages/test-engines/tsHook.cjs');
require(tsHook);
const bench = (pkg) => require(join(root, pkg, 'bench', 'bench.ts'));
const lib = (name) => require(`@carebridge/${name}`);

const engines = () => {
  if (process.env.KAFKA_BROKERS && process.env.MONGODB_URI)
    return { brokers: process.env.KAFKA_BROKERS.split(','), mongoUri: process.env.MONGODB_URI };
  const env = Object.fromEntries(
    execFileSync('bash', [join(root, 'infra/engines.sh'), 'up'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .map((line) => line.split('=')),
  );
  return { brokers: env.KAFKA_BROKERS.split(','), mongoUri: env.MONGODB_URI };
};

const rows = [];
const record = (row) => {
  rows.push(row);
  console.log(`${row.measure}: ${row.ours} vs ${row.raw} → ${row.result} (target ${row.target})`);
};
const ratioRow = (measure, ours, raw, unit, target) => {
  const ratio = raw > 0 ? ours / raw : 0;
  record({
    measure,
    ours: `${ours} ${unit}`,
    raw: `${raw} ${unit}`,
    result: ratio.toFixed(2),
    target: `>= ${target}`,
    met: ratio >= target,
  });
};

// The relay in its writer's process (the target), then a backlog drained by a relay on another connection, which
// reads every commit back from the server: shown for what a restart costs, no target.
const relayRows = (store, r) => {
  ratioRow(`relay msgs/s vs raw kafkajs producer (same batches), ${store}`, r.ours, r.raw, r.unit, 0.7);
  record({
    measure: `relay catching up on ${r.catchUp.events} commits on another connection (reads them back), ${store}`,
    ours: `${r.catchUp.ours} ${r.unit}`,
    raw: `${r.catchUp.raw} ${r.unit}`,
    result: r.catchUp.ratio.toFixed(2),
    target: 'none (what a restart costs)',
    met: undefined,
  });
};

// A command's cost at 1,000, 10,000 and 100,000 commits stored: flat in the data, or not (ADR 0010).
const scaleRow = (store, points) => {
  const first = points[0];
  const last = points.at(-1);
  const detail = points
    .map(
      (p) =>
        `${p.commits.toLocaleString('en')}: p50 ${p.p50Ms} ms, ${p.sustainedPerSec} commands/s, seeded in ${(p.seedMs / 1000).toFixed(1)} s`,
    )
    .join('; ');
  const ratio = last.p50Ms / first.p50Ms;
  record({
    measure: `command + read-model update + list query, latency with ${last.commits.toLocaleString('en')} vs ${first.commits.toLocaleString('en')} commits stored (one summary per ten commits), ${store} (${detail})`,
    ours: `p50 ${last.p50Ms} ms`,
    raw: `p50 ${first.p50Ms} ms`,
    result: ratio.toFixed(2),
    target: '<= 1.5',
    met: ratio <= 1.5,
  });
};

const { brokers, mongoUri } = engines();
const { MongoClient } = require('mongodb');
const client = await new MongoClient(mongoUri).connect();
const scratch = (name) => client.db(`bench_${name}_${Date.now().toString(36)}`);

try {
  {
    const db = scratch('store');
    const r = await bench('packages/event-store-mongodb').benchAppends({ db, count: 400 });
    ratioRow(
      'store appends/s vs raw insertOne (same server), FerretDB/PostgreSQL',
      r.storeAppendsPerSec,
      r.rawInsertOnePerSec,
      '/s',
      0.5,
    );
    await db.dropDatabase();
  }
  {
    // The same command at three sizes of store, on the MongoDB wire and on the embedded SQLite file. Each store is
    // seeded in bulk through its own write path, not through the RPCs.
    const { benchCommandScale } = bench('packages/decider');
    const { probeRegistry } = require('@carebridge/event-store/testing');
    const { createEventStore } = lib('event-store');
    const { createMongoEventStore, importCommits } = lib('event-store-mongodb');
    const { createMongoDocumentStore } = lib('document-store-mongodb');
    const summaries = (documents) => documents.collection('scale_summaries', { indexes: ['bucket'] });
    const db = scratch('scale');
    const onFerret = await benchCommandScale({
      store: await createMongoEventStore({ db, registry: probeRegistry }),
      summaries: summaries(await createMongoDocumentStore({ db })),
      seed: async (drafts) => {
        await importCommits(db, drafts);
      },
    });
    scaleRow('FerretDB/PostgreSQL', onFerret);
    await db.dropDatabase();

    const { createSqliteEventStorage } = lib('event-store-sqlite');
    const { createSqliteDocumentStore } = lib('document-store-sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
    const storage = createSqliteEventStorage({ path: join(dir, 'events.db') });
    const documents = createSqliteDocumentStore({ filename: join(dir, 'documents.db') });
    const onSqlite = await benchCommandScale({
      store: createEventStore({ storage, registry: probeRegistry }),
      summaries: summaries(documents),
      seed: async (drafts) => {
        for (const draft of drafts) await storage.insertCommit(draft);
      },
    });
    await storage.close();
    await documents.close();
    rmSync(dir, { recursive: true, force: true });
    scaleRow('embedded SQLite', onSqlite);
  }
  {
    // The relay against each store it runs on: the embedded SQLite file (`npm start`) and FerretDB.
    const { benchRelay } = bench('packages/outbox-relay');
    const { createEventStore } = lib('event-store');
    const { createSqliteEventStorage, createSqliteOutboxStorage } = lib('event-store-sqlite');
    const BetterSqlite3 = require('better-sqlite3');
    const dir = mkdtempSync(join(tmpdir(), 'bench-relay-'));
    const database = new BetterSqlite3(join(dir, 'events.db'));
    const second = new BetterSqlite3(join(dir, 'events.db'));
    const onSqlite = await benchRelay({
      brokers,
      events: 20000,
      openStore: async (registry) => ({
        store: createEventStore({ storage: createSqliteEventStorage({ database }), registry }),
        outbox: createSqliteOutboxStorage(database),
        outboxElsewhere: createSqliteOutboxStorage(second),
      }),
    });
    second.close();
    database.close();
    rmSync(dir, { recursive: true, force: true });
    relayRows('embedded SQLite store', onSqlite);

    const db = scratch('relay');
    const otherClient = await new MongoClient(mongoUri).connect();
    const { createMongoEventStore, createMongoOutboxStorage } = lib('event-store-mongodb');
    const onFerret = await benchRelay({
      brokers,
      events: 20000,
      openStore: async (registry) => ({
        store: await createMongoEventStore({ db, registry }),
        outbox: createMongoOutboxStorage(db),
        outboxElsewhere: createMongoOutboxStorage(otherClient.db(db.databaseName)),
      }),
    });
    await otherClient.close();
    relayRows('FerretDB store', onFerret);
    await db.dropDatabase();
  }
  {
    const r = await bench('packages/projection-runner').benchConsumer({ brokers, events: 30000 });
    ratioRow(
      `consumer apply events/s vs raw kafkajs consumer (30000 events; first event after ${r.startupMs.ours} ms vs ${r.startupMs.raw} ms)`,
      r.ours,
      r.raw,
      r.unit,
      0.7,
    );
  }
  {
    const r = await bench('packages/grpc-kit').benchKit();
    ratioRow(
      'gRPC unary calls/s through the kit vs bare grpc-js',
      r.kitCallsPerSecond,
      r.bareCallsPerSecond,
      '/s',
      0.7,
    );
  }
  {
    // Its own process, as `npm run bench -w @carebridge/volunteer-dispatch` runs it.
    const out = execFileSync(
      process.execPath,
      ['--require', tsHook, join(root, 'services/volunteer-dispatch/bench/bench.ts')],
      {
        encoding: 'utf8',
        env: { ...process.env, BENCH_ORDERS: '20000' },
      },
    );
    const r = JSON.parse(out.slice(out.indexOf('{')));
    record({
      measure: `dispatch decisions (${r.volunteers} volunteers, ${r.communities} communities)`,
      ours: `${r.decisionsPerSecond} decisions/s`,
      raw: `p50 ${r.p50Ms} ms`,
      result: `p99 ${r.p99Ms} ms`,
      target: 'p99 < 50 ms',
      met: r.p99Ms < 50,
    });
  }
  for (const row of await bench('services/projections').benchProjections({ brokers, mongoUri })) record(row);
} finally {
  await client.close();
}

const date = new Date().toISOString().slice(0, 10);
const table = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\` on ${date}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version},`,
  'real Kafka 4.1.1 (KRaft) and FerretDB 1.24.2 on PostgreSQL 16 on loopback. Every ratio compares against the raw substrate in the same run.',
  '',
  '| measure | ours | raw substrate | result | target | met |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.measure} | ${r.ours} | ${r.raw} | ${r.result} | ${r.target} | ${r.met === undefined ? '-' : r.met ? 'yes' : 'no'} |`,
  ),
  '',
].join('\n');
// The part of docs/benchmarks.md that no bench measures (what each step adds to npm test) is kept as it was.
const benchmarksFile = join(root, 'docs/benchmarks.md');
const KEPT_HEADING = '## What npm test costs';
const previous = existsSync(benchmarksFile) ? readFileSync(benchmarksFile, 'utf8') : '';
const kept = previous.includes(KEPT_HEADING) ? previous.slice(previous.indexOf(KEPT_HEADING)) : '';
// Written as Prettier would, so that npm test's format check passes on a fresh table.
const prettier = await import('prettier');
const options = { ...(await prettier.resolveConfig(benchmarksFile)), filepath: benchmarksFile };
writeFileSync(benchmarksFile, await prettier.format(kept ? `${table}\n${kept}` : table, options));
console.log(`\nwrote docs/benchmarks.md (${rows.length} rows)`);
process.exit(0);
