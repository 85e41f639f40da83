import { endOfLog, newCommandId, newStreamId, readAllFrom, type ContractContext } from './contractKit';
import { probe, probeRegistryV1, ProbeRecordedV1 } from './probeEvents';

export const readAllCaseCount = 2;

export const registerReadAllCases = ({ test, open }: ContractContext): void => {
  test('readAll returns commits in commit order from a checkpoint, in pages', async () => {
    const store = await open();
    const streams = [newStreamId(), newStreamId(), newStreamId()];
    const start = await endOfLog(store);
    const written: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const streamId of streams) {
        await store.append(streamId, [probe(`${streamId}/${round}`)], {
          expectedVersion: round,
          commandId: newCommandId(),
        });
        written.push(`${streamId}/${round + 1}`);
      }
    }
    const paged = await readAllFrom(store, start, 4);
    expect(paged.pages).toBeGreaterThanOrEqual(3);
    expect(paged.commits.map((c) => `${c.streamId}/${c.fromVersion}`)).toEqual(written);
    const positions = paged.commits.map((c) => c.position);
    expect(positions.every((p, i) => p > start && (i === 0 || p > positions[i - 1]!))).toBe(true);
    expect(paged.checkpoint).toBe(positions.at(-1));
    expect(paged.commits[0]!.events[0]!.data.probeId).toBe(`${streams[0]}/0`);

    // From a checkpoint in the middle: exactly what came after it.
    const middle = paged.commits[4]!.position;
    const rest = await readAllFrom(store, middle, 100);
    expect(rest.commits.map((c) => `${c.streamId}/${c.fromVersion}`)).toEqual(written.slice(5));
    // Nothing new: the checkpoint stays where it is.
    expect(await store.readAll({ after: paged.checkpoint, limit: 10 })).toEqual({
      commits: [],
      checkpoint: paged.checkpoint,
    });
  });

  test('events stored with an older schema version are upcast on read', async () => {
    const older = await open(probeRegistryV1);
    const streamId = newStreamId();
    const start = await endOfLog(older);
    await older.append(streamId, [{ type: ProbeRecordedV1.type, data: { probeId: 'old', note: 'before severity' } }], {
      expectedVersion: 'no_stream',
      commandId: newCommandId(),
    });
    expect((await older.readStream(streamId))[0]).toMatchObject({
      schemaVersion: 1,
      data: { probeId: 'old', note: 'before severity' },
    });

    const current = await open();
    const upcast = { schemaVersion: 2, data: { probeId: 'old', note: 'before severity', severity: 'low' } };
    expect((await current.readStream(streamId))[0]).toMatchObject(upcast);
    const { commits } = await readAllFrom(current, start);
    expect(commits).toHaveLength(1);
    expect(commits[0]!.events[0]).toMatchObject(upcast);
  });
};
