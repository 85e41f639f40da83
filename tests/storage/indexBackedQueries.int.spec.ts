import { randomUUID } from 'node:crypto';
import { MongoClient, type CommandStartedEvent, type Db, type Document } from 'mongodb';
import { createMongoDocumentStore } from '@carebridge/document-store-mongodb';
import { createMongoEventStore, createMongoOutboxStorage, serverInfo } from '@carebridge/event-store-mongodb';
import { ProbeRecordedV2, probeRegistry } from '@carebridge/event-store/testing';
import { mongoUri, uniqueName } from '@carebridge/test-engines';

/**
 * Every query the stores send on a hot path (a command, a relay poll, a consumer apply, a read RPC) is asked to
 * `explain` itself on the server the tests run on, at a size where a planner prefers an index whenever one can
 * serve the query. The queries are not listed by hand: the driver's command monitor records what the stores
 * really send while they do their work, so a new query is covered the day it is written.
 */

/** Collections whose size is fixed by design, not by the data: a scan of one costs the same in year ten as today. */
const BOUNDED: Readonly<Record<string, string>> = {
  outbox_leases: 'one document per outbox shard (16)',
  outbox_checkpoints: 'one document per outbox shard (16)',
  outbox_relays: 'one document per live relay process',
};

const SEEDED_STREAMS = 200;
const COMMITS_PER_STREAM = 10;
const SEEDED_DOCUMENTS = 1500;

type Query = { readonly collection: string; readonly filter: Document; readonly from: string };

/**
 * Documents each checked collection holds when its queries are explained. On a few rows a scan is the cheaper plan
 * and PostgreSQL takes it whatever indexes exist; at this size it takes an index whenever one serves the query.
 */
const EXPLAINED_AT = 5000;

/** A document that matches no query of the stores: every indexed field (dotted paths too) holds its own filler value. */
const fillerDocument = (keys: readonly string[], n: number): Document => {
  const doc: Document = { _id: `filler-${n}` };
  for (const key of keys) {
    const path = key.split('.');
    let at = doc;
    for (const part of path.slice(0, -1)) at = (at[part] ??= {}) as Document;
    at[path.at(-1)!] = `filler-${n}`;
  }
  return doc;
};

/** Grows a collection to EXPLAINED_AT documents with fillers, without touching what the stores wrote. */
const growToExplainSize = async (db: Db, name: string): Promise<void> => {
  const collection = db.collection(name);
  const missing = EXPLAINED_AT - (await collection.countDocuments({}));
  if (missing <= 0) return;
  const keys = [...new Set((await collection.indexes()).flatMap((index) => Object.keys(index.key)))].filter(
    (key) => key !== '_id',
  );
  for (let start = 0; start < missing; start += 500)
    await collection.insertMany(
      Array.from({ length: Math.min(500, missing - start) }, (_, i) => fillerDocument(keys, start + i)),
    );
};

/** The filters a command carries, as find-shaped queries (explain them all as `find`, which every server explains). */
const queriesOf = (event: CommandStartedEvent): Query[] => {
  const command = event.command;
  const from = event.commandName;
  const collection = String(command[from]);
  switch (from) {
    case 'find':
      return [{ collection, filter: (command.filter as Document | undefined) ?? {}, from }];
    case 'count':
      return [{ collection, filter: (command.query as Document | undefined) ?? {}, from }];
    case 'findAndModify':
      return [{ collection, filter: (command.query as Document | undefined) ?? {}, from }];
    case 'update':
      return (command.updates as { q: Document }[]).map((u) => ({ collection, filter: u.q, from }));
    case 'delete':
      return (command.deletes as { q: Document }[]).map((d) => ({ collection, filter: d.q, from }));
    default:
      return [];
  }
};

/** Scans of a whole collection in an explain answer: PostgreSQL's `Seq Scan` under FerretDB, MongoDB's COLLSCAN. */
const scansIn = (plan: unknown): string[] => {
  if (Array.isArray(plan)) return plan.flatMap(scansIn);
  if (typeof plan !== 'object' || plan === null) return [];
  const node = plan as Record<string, unknown>;
  const here: string[] = [];
  if (node['Node Type'] === 'Seq Scan') here.push(`Seq Scan on ${String(node['Relation Name'])}`);
  if (node.stage === 'COLLSCAN') here.push('COLLSCAN');
  return [...here, ...Object.values(node).flatMap(scansIn)];
};

let client: MongoClient;
let db: Db;
const sent: CommandStartedEvent[] = [];
let recording = false;

beforeAll(async () => {
  client = await MongoClient.connect(mongoUri(), { monitorCommands: true });
  client.on('commandStarted', (event) => {
    if (recording) sent.push(event);
  });
  db = client.db(uniqueName('hot_queries'));
});

afterAll(async () => {
  await db.dropDatabase();
  await client.close();
});

const probe = (n: number) => ({
  type: ProbeRecordedV2.type,
  data: { probeId: `p-${n}`, note: 'hot', severity: 'low' },
});

test('every hot query of the event store, the outbox and the read models is served by an index', async () => {
  // Seeding, unrecorded: enough commits and documents that a scan would be the costly plan.
  const store = await createMongoEventStore({ db, registry: probeRegistry });
  const streams = Array.from({ length: SEEDED_STREAMS }, () => `hot-${randomUUID()}`);
  for (let round = 0; round < COMMITS_PER_STREAM; round++)
    await Promise.all(
      streams.map((id) => store.append(id, [probe(round)], { expectedVersion: round, commandId: randomUUID() })),
    );
  const documents = await createMongoDocumentStore({ db });
  type Row = { id: string; kind: string; county: string; at: string };
  const rows = documents.collection<Row>('hot_rows', { indexes: ['kind', 'county'] });
  for (let i = 0; i < SEEDED_DOCUMENTS; i += 100)
    await Promise.all(
      Array.from({ length: 100 }, (_, j) =>
        rows.put({ id: `row-${i + j}`, kind: `k${(i + j) % 50}`, county: `c${(i + j) % 97}`, at: `${i + j}` }),
      ),
    );

  recording = true;
  // A command: appends to a new stream, to a stream this process knows, a replay, a stale writer.
  const stream = streams[7]!;
  await store.append(`hot-new-${randomUUID()}`, [probe(0)], { expectedVersion: 0, commandId: randomUUID() });
  const commandId = randomUUID();
  await store.append(stream, [probe(1)], { expectedVersion: COMMITS_PER_STREAM, commandId });
  await store.append(stream, [probe(1)], { expectedVersion: COMMITS_PER_STREAM, commandId });
  await expect(store.append(stream, [probe(2)], { expectedVersion: 3, commandId: randomUUID() })).rejects.toThrow();
  // Another process: knows no heads and no positions.
  const other = await MongoClient.connect(mongoUri(), { monitorCommands: true });
  other.on('commandStarted', (event) => {
    if (recording) sent.push(event);
  });
  try {
    const otherDb = other.db(db.databaseName);
    const fresh = await createMongoEventStore({ db: otherDb, registry: probeRegistry });
    await fresh.append(streams[8]!, [probe(3)], { expectedVersion: 'any', commandId: randomUUID() });
    await fresh.streamVersion(streams[9]!);
    await fresh.readStream(streams[10]!);
    await fresh.readStream(streams[10]!, { fromVersion: 4 });
    await fresh.readStream(streams[10]!, { fromVersion: COMMITS_PER_STREAM + 1 });
    await fresh.readAll({ after: 0, limit: 300 });
    const end = await fresh.readAll({ after: 10 ** 9, limit: 10 });
    expect(end.commits).toEqual([]);

    // A relay poll on that other connection (nothing in its memory): leases, heartbeat, checkpoints, the log.
    const outbox = createMongoOutboxStorage(otherDb);
    const owner = `relay-${randomUUID()}`;
    expect(await outbox.acquireLease(3, owner, 10_000)).toBe(true);
    await outbox.renewLeases([3], owner, 10_000);
    await outbox.heartbeat(owner, 10_000);
    const checkpoints = await outbox.checkpoints([3]);
    const page = await outbox.readAfter(checkpoints.get(3) ?? 0, 100);
    expect(page.commits.length).toBeGreaterThan(0);
    await outbox.saveCheckpoints(new Map([[3, page.checkpoint]]));
    const idle = await outbox.readAfter(10 ** 9, 100);
    expect(idle.commits).toEqual([]);
    await outbox.releaseLease(3, owner);
    await outbox.leave(owner);

    // A consumer apply and the read RPCs of a read model, from that other process too.
    const elsewhere = (await createMongoDocumentStore({ db: otherDb })).collection<Row>('hot_rows', {
      indexes: ['kind', 'county'],
    });
    expect(await elsewhere.get('row-17')).toMatchObject({ kind: 'k17' });
    expect(await elsewhere.get('row-missing')).toBeUndefined();
    await elsewhere.applyOnce('row-18', { stream: 'hot-source', version: 1 }, (row) => row && { ...row, at: 'x' });
    await elsewhere.put({ id: 'row-new', kind: 'k1', county: 'c1', at: 'y' });
    const found = await elsewhere.find({ kind: 'k3' }, { sort: [['at', 1]], limit: 10 });
    expect(found.items.length).toBe(10);
    expect(await elsewhere.count({ county: 'c5' })).toBeGreaterThan(0);
    await elsewhere.find({ id: 'row-19' });
    await elsewhere.delete('row-20');
  } finally {
    recording = false;
    await other.close();
  }

  const queries = sent.flatMap(queriesOf).filter((q) => !(q.collection in BOUNDED));
  const distinct = [...new Map(queries.map((q) => [`${q.collection} ${JSON.stringify(q.filter)}`, q])).values()];
  // What was covered: the test fails if a store stops sending the queries it is meant to check.
  const collections = new Set(distinct.map((q) => q.collection));
  expect([...collections].sort()).toEqual(
    expect.arrayContaining(['commit_heads', 'commits', 'hot_rows', 'hot_rows__revisions']),
  );

  for (const name of collections) await growToExplainSize(db, name);
  const product = (await serverInfo(db)).product;
  const scanned: string[] = [];
  for (const query of distinct) {
    const explained: Document = await db.command({
      explain: { find: query.collection, filter: query.filter },
      verbosity: 'queryPlanner',
    });
    const scans = scansIn(explained.queryPlanner);
    if (scans.length > 0)
      scanned.push(`${query.from} ${query.collection} ${JSON.stringify(query.filter)}: ${scans.join(', ')}`);
  }
  console.log(`${product}: ${distinct.length} distinct hot queries explained, ${scanned.length} scan a collection`);
  expect(scanned).toEqual([]);
}, 300_000);
