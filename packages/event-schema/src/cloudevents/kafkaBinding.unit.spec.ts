import { createEventRegistry } from '../registry';
import { caseNotedChain } from '../__fixtures__/caseNoted.fixture';
import { CloudEventFormatError, fromKafkaRecord, toKafkaRecord, type OutgoingEvent } from './kafkaBinding';
import { topics } from '../topics';
import { allEvents } from '../events';

const registry = createEventRegistry(caseNotedChain);
const event: OutgoingEvent = {
  eventId: '9b2f6a4e-1c1d-4c36-9d4e-2f1a7c3e5b10',
  streamId: 'case-42',
  version: 7,
  type: 'test.CaseNoted',
  schemaVersion: 3,
  data: { caseId: 'case-42', text: 'x', priority: 'low', channel: 'web' },
  recordedAt: new Date('2026-11-29T01:02:03.004Z'),
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};

describe('CloudEvents Kafka binding (binary mode)', () => {
  it('maps a recorded event to key, JSON value and ce_ headers', () => {
    const record = toKafkaRecord(event, { source: 'hotline', registry });
    expect(record).toEqual({
      key: 'case-42',
      value: JSON.stringify(event.data),
      headers: {
        ce_specversion: '1.0',
        ce_id: event.eventId,
        ce_type: 'org.carebridge.test.CaseNoted.v3',
        ce_source: '/hotline',
        ce_time: '2026-11-29T01:02:03.004Z',
        ce_subject: 'case-42',
        ce_sequence: '00000000000000000007',
        ce_dataschema: 'https://schemas.carebridge.org/events/test.CaseNoted/v3.json',
        'content-type': 'application/json',
        traceparent: event.traceparent,
      },
    });
    expect(toKafkaRecord(event, { source: '/hotline', registry, variant: 'analytics' }).headers.ce_dataschema).toBe(
      'https://schemas.carebridge.org/events/test.CaseNoted/v3.analytics.json',
    );
  });

  it('a record keyed by something other than its subject says so in ce_partitionkey (partitioning extension)', () => {
    const referral = {
      eventId: 'e1',
      streamId: 'referral-of-case-9',
      version: 1,
      type: 'referral.OutcomeReported',
      schemaVersion: 1,
      data: { referralId: 'ref-7' },
      recordedAt: new Date('2026-11-29T01:02:03.004Z'),
    };
    const record = toKafkaRecord(referral, { source: 'relief-intake' });
    expect(record.key).toBe('ref-7');
    expect(record.headers).toMatchObject({ ce_subject: 'referral-of-case-9', ce_partitionkey: 'ref-7' });
    // Keyed by the subject: no extension, the key is ce_subject.
    expect(toKafkaRecord(event, { source: 'hotline', registry }).headers).not.toHaveProperty('ce_partitionkey');
  });

  it('parses a record back, with Buffer values as kafkajs delivers them', () => {
    const record = toKafkaRecord(event, { source: 'hotline', registry });
    const headers = Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)]));
    expect(fromKafkaRecord({ key: Buffer.from(record.key), value: Buffer.from(record.value), headers })).toEqual({
      eventId: event.eventId,
      type: 'test.CaseNoted',
      schemaVersion: 3,
      source: '/hotline',
      streamId: 'case-42',
      version: 7,
      time: event.recordedAt,
      dataschema: record.headers.ce_dataschema,
      traceparent: event.traceparent,
      data: event.data,
    });
  });

  it.each([
    ['ce_id', { ce_id: undefined }, /ce_id: is missing/],
    ['ce_specversion', { ce_specversion: '0.3' }, /ce_specversion: is 0.3/],
    ['ce_type', { ce_type: 'com.example.thing' }, /ce_type: .* is not org.carebridge/],
    ['ce_sequence', { ce_sequence: '7' }, /ce_sequence: 7 is not a 20-digit/],
    ['ce_time', { ce_time: 'yesterday' }, /ce_time: yesterday/],
    ['content-type', { 'content-type': 'text/plain' }, /content-type: is text\/plain/],
    ['traceparent', { traceparent: 'nope' }, /traceparent: nope/],
  ])('names the bad header: %s', (header, change, message) => {
    const record = toKafkaRecord(event, { source: 'hotline', registry });
    const headers: Record<string, string | undefined> = { ...record.headers, ...change };
    const parse = () => fromKafkaRecord({ value: record.value, headers: headers });
    expect(parse).toThrow(CloudEventFormatError);
    expect(parse).toThrow(message);
    try {
      parse();
    } catch (error) {
      expect((error as CloudEventFormatError).header).toBe(header);
    }
  });

  it('refuses a value that is not a JSON object', () => {
    const { headers } = toKafkaRecord(event, { source: 'hotline', registry });
    expect(() => fromKafkaRecord({ value: 'not json', headers })).toThrow(/^value: is not JSON$/);
    expect(() => fromKafkaRecord({ value: '[1]', headers })).toThrow(/value: is not a JSON object/);
    expect(() => fromKafkaRecord({ value: null, headers })).toThrow(/value: is empty/);
  });
});

describe('topic registry', () => {
  it('lists every event topic with its .dlq and analytics twins', () => {
    const names = topics.map((t) => t.name);
    for (const topic of new Set(allEvents.map((d) => d.topic))) {
      expect(names).toEqual(expect.arrayContaining([topic, `${topic}.dlq`, `analytics.${topic}`]));
    }
    expect(names).toHaveLength(new Set(allEvents.map((d) => d.topic)).size * 3);
    const domain = topics.find((t) => t.name === 'referrals.v1')!;
    expect(domain).toMatchObject({
      kind: 'domain',
      retentionMs: -1,
      cleanupPolicy: 'delete',
      configs: { 'retention.ms': '-1', 'cleanup.policy': 'delete' },
    });
    expect(domain.eventTypes).toContain('org.carebridge.referral.Requested.v1');
    expect(topics.find((t) => t.name === 'referrals.v1.dlq')).toMatchObject({ kind: 'dlq', of: 'referrals.v1' });
  });
});
