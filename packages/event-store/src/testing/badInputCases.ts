import { InvalidAppendError } from '../errors';
import type { AppendOptions, EventStore, NewEvent } from '../types';
import { endOfLog, newCommandId, newStreamId, readAllFrom, rejectionOf, type ContractContext } from './contractKit';
import { probe } from './probeEvents';

type BadAppend = {
  readonly name: string;
  /** Path of the violation the error must name. */
  readonly field: string;
  readonly streamId?: unknown;
  readonly events?: unknown;
  readonly options?: unknown;
};

// Above the store's default limit of 256 KiB per event.
const oversizedNote = 'x'.repeat(300 * 1024);

const badAppends: readonly BadAppend[] = [
  { name: 'a missing stream id', field: 'streamId', streamId: '' },
  { name: 'a stream id that is not a string', field: 'streamId', streamId: 42 },
  { name: 'an unknown event type', field: 'events[0].type', events: [{ type: 'testing.NoSuchEvent', data: {} }] },
  {
    name: 'an event failing its schema',
    field: 'events[1].data.severity',
    events: [probe('ok'), { type: 'testing.ProbeRecorded', data: { probeId: 'x', note: 'n', severity: 'urgent' } }],
  },
  { name: 'an oversized payload', field: 'events[0].data', events: [probe('big', oversizedNote)] },
  { name: 'no events', field: 'events', events: [] },
  { name: 'a missing command id', field: 'commandId', options: { expectedVersion: 'no_stream' } },
  { name: 'an invalid expected version', field: 'expectedVersion', options: { expectedVersion: -1, commandId: 'c-1' } },
];

export const badInputCaseCount = badAppends.length;

const attempt = (store: EventStore, streamId: string, bad: BadAppend) =>
  store.append(
    ('streamId' in bad ? bad.streamId : streamId) as string,
    ('events' in bad ? bad.events : [probe('fine')]) as NewEvent[],
    ('options' in bad ? bad.options : { expectedVersion: 'no_stream', commandId: newCommandId() }) as AppendOptions,
  );

export const registerBadInputCases = ({ test, open }: ContractContext): void => {
  for (const bad of badAppends) {
    test(`bad input: ${bad.name} raises InvalidAppendError naming ${bad.field} and writes nothing`, async () => {
      const store = await open();
      const streamId = newStreamId();
      const checkpoint = await endOfLog(store);
      const error = await rejectionOf(attempt(store, streamId, bad));
      expect(error).toBeInstanceOf(InvalidAppendError);
      expect((error as InvalidAppendError).violations.map((v) => v.path)).toContain(bad.field);
      expect((error as Error).message).toContain(bad.field);
      expect(await store.readStream(streamId)).toEqual([]);
      expect((await readAllFrom(store, checkpoint)).commits).toEqual([]);
    });
  }
};
