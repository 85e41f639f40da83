import { IdempotencyKeyReusedError } from '../errors';
import { endOfLog, newCommandId, newStreamId, readAllFrom, rejectionOf, type ContractContext } from './contractKit';
import { probe } from './probeEvents';

export const idempotencyCaseCount = 2;

export const registerIdempotencyCases = ({ test, open }: ContractContext): void => {
  test('a replayed command returns the first result and writes nothing', async () => {
    const store = await open();
    const streamId = newStreamId();
    const commandId = newCommandId();
    const checkpoint = await endOfLog(store);
    const first = await store.append(streamId, [probe('a'), probe('b')], { expectedVersion: 'no_stream', commandId });
    // The retry carries the stale expectation of the first attempt: still a replay, never a conflict.
    const again = await store.append(streamId, [probe('a'), probe('b')], { expectedVersion: 'no_stream', commandId });
    expect(first).toEqual({ streamId, fromVersion: 1, toVersion: 2, replayed: false });
    expect(again).toEqual({ streamId, fromVersion: 1, toVersion: 2, replayed: true });
    await store.append(streamId, [probe('c')], { expectedVersion: 2, commandId: newCommandId() });
    const late = await store.append(streamId, [probe('a'), probe('b')], { expectedVersion: 'no_stream', commandId });
    expect(late).toEqual(again);
    expect(await store.streamVersion(streamId)).toBe(3);
    const { commits } = await readAllFrom(store, checkpoint);
    expect(commits.map((c) => [c.streamId, c.fromVersion, c.toVersion])).toEqual([
      [streamId, 1, 2],
      [streamId, 3, 3],
    ]);
  });

  test('a command id reused for other events raises IdempotencyKeyReusedError and writes nothing', async () => {
    const store = await open();
    const streamId = newStreamId();
    const commandId = newCommandId();
    await store.append(streamId, [probe('a')], { expectedVersion: 'no_stream', commandId });
    const checkpoint = await endOfLog(store);
    const error = await rejectionOf(
      store.append(streamId, [probe('a'), probe('b')], { expectedVersion: 1, commandId }),
    );
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(error).toMatchObject({ streamId, commandId });
    expect(await store.streamVersion(streamId)).toBe(1);
    expect((await readAllFrom(store, checkpoint)).commits).toEqual([]);
  });
};
