import type { IncomingRecord } from '@carebridge/messaging';
import { matches, originTopicOf, replayRecordOf, summarize } from './deadLetterRecords';

const deadLetter = (headers: Record<string, string> = {}): IncomingRecord => ({
  topic: 'relief.applications.v1.dlq',
  partition: 0,
  offset: '7',
  key: 'application-1',
  value: Buffer.from('{"applicant":{"name":"sealed"}}'),
  timestamp: String(Date.parse('2025-03-01T10:00:00Z')),
  headers: {
    ce_id: 'e-1',
    ce_type: 'org.carebridge.relief.ApplicationSubmitted.v1',
    ce_source: '/relief-intake',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    dlq_error_type: 'RangeError',
    dlq_error_message: 'boom',
    dlq_origin_topic: 'relief.applications.v1',
    dlq_origin_partition: '2',
    dlq_origin_offset: '41',
    dlq_consumer: 'projection.journeys',
    dlq_attempts: '5',
    dlq_failed_at: '2025-03-01T10:00:01.000Z',
    ...headers,
  },
});

describe('dead-letter records', () => {
  it('go back to their origin with key, value and CloudEvents headers, failure headers dropped, replay count raised', () => {
    const first = replayRecordOf(deadLetter());
    expect(first).toEqual({
      topic: 'relief.applications.v1',
      key: 'application-1',
      value: deadLetter().value,
      headers: {
        ce_id: 'e-1',
        ce_type: 'org.carebridge.relief.ApplicationSubmitted.v1',
        ce_source: '/relief-intake',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        dlq_replay_count: '1',
      },
    });
    // Failed again after a replay: the runner keeps the count among the headers, the next replay raises it.
    expect(replayRecordOf(deadLetter({ dlq_replay_count: '1' })).headers?.dlq_replay_count).toBe('2');
  });

  it('refuse an origin other than the topic the dead-letter topic belongs to, and a topic that is not one', () => {
    expect(() => replayRecordOf(deadLetter({ dlq_origin_topic: 'hotline.cases.v1' }))).toThrow(
      /names origin "hotline.cases.v1", expected relief.applications.v1/,
    );
    const withoutOrigin = { ...deadLetter().headers };
    delete withoutOrigin.dlq_origin_topic;
    expect(() => replayRecordOf({ ...deadLetter(), headers: withoutOrigin })).toThrow(/names origin undefined/);
    expect(() => originTopicOf('relief.applications.v1')).toThrow(/--topic must name a dead-letter topic/);
    expect(() => originTopicOf('.dlq')).toThrow(/--topic/);
  });

  it('filter by CloudEvents type and by failure time', () => {
    const record = deadLetter();
    expect(matches(record, {})).toBe(true);
    expect(matches(record, { ceType: 'org.carebridge.relief.ApplicationSubmitted.v1' })).toBe(true);
    expect(matches(record, { ceType: 'org.carebridge.relief.ApplicationApproved.v1' })).toBe(false);
    expect(matches(record, { since: new Date('2025-03-01T10:00:01Z') })).toBe(true);
    expect(matches(record, { since: new Date('2025-03-01T10:00:02Z') })).toBe(false);
    // Without the failure header, the record's own timestamp decides.
    const rest = { ...record.headers };
    delete rest.dlq_failed_at;
    expect(matches({ ...record, headers: rest }, { since: new Date('2025-03-01T09:59:59Z') })).toBe(true);
    expect(matches({ ...record, headers: rest }, { since: new Date('2025-03-01T10:00:01Z') })).toBe(false);
  });

  it('summarize origin, error and type without the value', () => {
    const summary = summarize(deadLetter({ dlq_replay_count: '2' }));
    expect(summary).toEqual({
      partition: 0,
      offset: '7',
      ceType: 'org.carebridge.relief.ApplicationSubmitted.v1',
      ceId: 'e-1',
      origin: 'relief.applications.v1[2]@41',
      consumer: 'projection.journeys',
      errorType: 'RangeError',
      errorMessage: 'boom',
      attempts: 5,
      failedAt: '2025-03-01T10:00:01.000Z',
      replayCount: 2,
    });
    expect(JSON.stringify(summary)).not.toContain('sealed');
  });
});
