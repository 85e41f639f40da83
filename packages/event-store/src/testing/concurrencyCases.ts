import { ConcurrencyConflictError } from '../errors';
import type { AppendResult, Commit, EventStore } from '../types';
import { endOfLog, newCommandId, newStreamId, sleep, type ContractContext } from './contractKit';
import { probe } from './probeEvents';

export const concurrencyCaseCount = 3;

const WRITERS = 20;
const ROUNDS = 5;

/** Opens one store per writer, so racing writers do not share a connection. */
const openWriters = async (open: ContractContext['open'], count: number): Promise<EventStore[]> =>
  Promise.all(Array.from({ length: count }, () => open()));

export const registerConcurrencyCases = ({ test, open }: ContractContext): void => {
  test(`${WRITERS} writers at the same expected version: one wins each version, the rest get a conflict`, async () => {
    const writers = await openWriters(open, WRITERS);
    const streamId = newStreamId('race');
    for (let round = 0; round < ROUNDS; round++) {
      const outcomes = await Promise.allSettled(
        writers.map((w, i) =>
          w.append(streamId, [probe(`r${round}w${i}`)], { expectedVersion: round, commandId: newCommandId() }),
        ),
      );
      const won = outcomes.filter((o): o is PromiseFulfilledResult<AppendResult> => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won.map((o) => o.value)).toEqual([
        { streamId, fromVersion: round + 1, toVersion: round + 1, replayed: false },
      ]);
      expect(lost).toHaveLength(WRITERS - 1);
      for (const o of lost) expect(o.reason).toBeInstanceOf(ConcurrencyConflictError);
    }
    const events = await writers[0]!.readStream(streamId);
    expect(events.map((e) => e.version)).toEqual(Array.from({ length: ROUNDS }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.data.probeId)).size).toBe(ROUNDS);
    expect(await writers[0]!.streamVersion(streamId)).toBe(ROUNDS);
  }, 120_000);

  test(`${WRITERS} concurrent replays of one command id make exactly one commit`, async () => {
    const writers = await openWriters(open, WRITERS);
    const streamId = newStreamId('replay');
    const commandId = newCommandId();
    const start = await endOfLog(writers[0]!);
    const results = await Promise.all(
      writers.map((w) =>
        w.append(streamId, [probe('once'), probe('twice')], { expectedVersion: 'no_stream', commandId }),
      ),
    );
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(results.map(({ fromVersion, toVersion }) => [fromVersion, toVersion])).toEqual(Array(WRITERS).fill([1, 2]));
    expect(await writers[0]!.streamVersion(streamId)).toBe(2);
    const page = await writers[0]!.readAll({ after: start, limit: 100 });
    expect(page.commits.map((c) => [c.streamId, c.commandId])).toEqual([[streamId, commandId]]);
  });

  test('concurrent writers on many streams: readAll, read while they write, returns every commit once in order', async () => {
    const streams = Array.from({ length: 8 }, () => newStreamId('many'));
    const perWriter = 4;
    const writers = await openWriters(open, streams.length * 2);
    const reader = await open();
    const start = await endOfLog(reader);
    const appended: string[] = [];

    // Two writers per stream, each retrying on conflict until it has `perWriter` commits: losers leave holes.
    const write = async (store: EventStore, streamId: string, name: string) => {
      for (let done = 0; done < perWriter;) {
        const version = await store.streamVersion(streamId);
        try {
          const r = await store.append(streamId, [probe(`${name}-${done}`)], {
            expectedVersion: version,
            commandId: newCommandId(),
          });
          appended.push(`${streamId}/${r.fromVersion}`);
          done += 1;
        } catch (error) {
          if (!(error instanceof ConcurrencyConflictError)) throw error;
        }
      }
    };
    let writing = true;
    const seen: Commit[] = [];
    const read = async () => {
      let checkpoint = start;
      const deadline = Date.now() + 60_000;
      while ((writing || seen.length < appended.length) && Date.now() < deadline) {
        const page = await reader.readAll({ after: checkpoint, limit: 7 });
        seen.push(...page.commits);
        if (page.checkpoint === checkpoint) await sleep(15);
        checkpoint = page.checkpoint;
      }
    };
    const reading = read();
    try {
      await Promise.all(writers.map((w, i) => write(w, streams[i % streams.length]!, `w${i}`)));
    } finally {
      // A failed writer must not leave the reader polling stores that are about to close.
      writing = false;
      await reading;
    }

    expect(appended).toHaveLength(streams.length * 2 * perWriter);
    const keys = seen.map((c) => `${c.streamId}/${c.fromVersion}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...appended].sort());
    expect(seen.every((c, i) => i === 0 || c.position > seen[i - 1]!.position)).toBe(true);
  }, 120_000);
};
