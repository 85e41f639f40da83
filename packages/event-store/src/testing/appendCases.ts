import { ConcurrencyConflictError } from '../errors';
import { newCommandId, newStreamId, rejectionOf, type ContractContext } from './contractKit';
import { probe, SubjectNoted } from './probeEvents';

export const appendCaseCount = 7;

export const registerAppendCases = ({ test, open }: ContractContext): void => {
  test('appends to a new stream and reads the events back in order', async () => {
    const store = await open();
    const streamId = newStreamId();
    const commandId = newCommandId();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const result = await store.append(
      streamId,
      [probe('p1', 'first'), { type: SubjectNoted.type, data: { probeId: 'p1', subjectName: 'Li Ming' } }],
      { expectedVersion: 'no_stream', commandId, traceparent },
    );
    expect(result).toEqual({ streamId, fromVersion: 1, toVersion: 2, replayed: false });
    const events = await store.readStream(streamId);
    expect(events.map((e) => [e.version, e.type, e.data])).toEqual([
      [1, 'testing.ProbeRecorded', { probeId: 'p1', note: 'first', severity: 'high' }],
      [2, 'testing.SubjectNoted', { probeId: 'p1', subjectName: 'Li Ming' }],
    ]);
    expect(events.every((e) => e.commandId === commandId && e.traceparent === traceparent)).toBe(true);
    expect(events.every((e) => e.recordedAt instanceof Date && e.streamId === streamId)).toBe(true);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
    expect(await store.streamVersion(streamId)).toBe(2);
  });

  test('appends at an expected version number and continues the version sequence', async () => {
    const store = await open();
    const streamId = newStreamId();
    await store.append(streamId, [probe('a')], { expectedVersion: 0, commandId: newCommandId() });
    const second = await store.append(streamId, [probe('b'), probe('c')], {
      expectedVersion: 1,
      commandId: newCommandId(),
    });
    expect(second).toMatchObject({ fromVersion: 2, toVersion: 3, replayed: false });
    const third = await store.append(streamId, [probe('d')], { expectedVersion: 3, commandId: newCommandId() });
    expect(third).toMatchObject({ fromVersion: 4, toVersion: 4 });
    expect((await store.readStream(streamId)).map((e) => e.data.probeId)).toEqual(['a', 'b', 'c', 'd']);
    expect((await store.readStream(streamId, { fromVersion: 3 })).map((e) => e.version)).toEqual([3, 4]);
  });

  test('no_stream is refused with a typed conflict once the stream exists', async () => {
    const store = await open();
    const streamId = newStreamId();
    await store.append(streamId, [probe('a')], { expectedVersion: 'no_stream', commandId: newCommandId() });
    const error = await rejectionOf(
      store.append(streamId, [probe('b')], { expectedVersion: 'no_stream', commandId: newCommandId() }),
    );
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect(error).toMatchObject({ streamId, expected: 'no_stream', actual: 1 });
    expect(await store.streamVersion(streamId)).toBe(1);
  });

  test('stream_exists is refused on an empty stream and accepted on an existing one', async () => {
    const store = await open();
    const streamId = newStreamId();
    const error = await rejectionOf(
      store.append(streamId, [probe('a')], { expectedVersion: 'stream_exists', commandId: newCommandId() }),
    );
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect(await store.readStream(streamId)).toEqual([]);
    await store.append(streamId, [probe('a')], { expectedVersion: 'no_stream', commandId: newCommandId() });
    const result = await store.append(streamId, [probe('b')], {
      expectedVersion: 'stream_exists',
      commandId: newCommandId(),
    });
    expect(result).toMatchObject({ fromVersion: 2, toVersion: 2 });
  });

  test('any appends after the current head on new and existing streams', async () => {
    const store = await open();
    const streamId = newStreamId();
    expect(
      await store.append(streamId, [probe('a')], { expectedVersion: 'any', commandId: newCommandId() }),
    ).toMatchObject({ fromVersion: 1 });
    expect(
      await store.append(streamId, [probe('b')], { expectedVersion: 'any', commandId: newCommandId() }),
    ).toMatchObject({ fromVersion: 2 });
    expect((await store.readStream(streamId)).map((e) => e.data.probeId)).toEqual(['a', 'b']);
  });

  test('a stale expected version raises ConcurrencyConflictError and writes nothing', async () => {
    const store = await open();
    const streamId = newStreamId();
    await store.append(streamId, [probe('a'), probe('b')], { expectedVersion: 'no_stream', commandId: newCommandId() });
    const error = await rejectionOf(
      store.append(streamId, [probe('stale')], { expectedVersion: 1, commandId: newCommandId() }),
    );
    expect(error).toBeInstanceOf(ConcurrencyConflictError);
    expect(error).toMatchObject({ streamId, expected: '1', actual: 2 });
    expect((await store.readStream(streamId)).map((e) => e.data.probeId)).toEqual(['a', 'b']);
  });

  test('a stream that does not exist reads as empty at version 0', async () => {
    const store = await open();
    const streamId = newStreamId();
    expect(await store.readStream(streamId)).toEqual([]);
    expect(await store.streamVersion(streamId)).toBe(0);
  });
};
