import { fromKafkaRecord, pseudonymOf } from '@carebridge/event-schema';
import { analyticsRecordOf, type AnalyticsSource } from './analyticsRecord';

const key = Buffer.alloc(32, 9);
const source = (type: string, data: Record<string, unknown>, streamId = 's-1'): AnalyticsSource => ({
  eventId: 'ev-1',
  type,
  schemaVersion: 1,
  source: '/relief-intake',
  streamId,
  version: 3,
  time: new Date('2020-10-10T08:00:00Z'),
  data,
});

describe('analytics twin of a domain event', () => {
  it('drops personal fields, pseudonymises ids with the key, coarsens divisions, keeps ce_id and points at the analytics schema', () => {
    const record = analyticsRecordOf(
      source('relief.ApplicationDrafted', {
        applicationId: 'ref-r1',
        programmeId: 'jiangsu-2020',
        referral: { referralId: 'r1', fromProgramme: 'hotline', caseId: 'c1', division: '630121' },
        person: {
          personRef: 'ch-1',
          name: '卓玛次仁',
          idNumber: '630121201103140026',
          phone: '13987654321',
          division: '630121',
        },
        city: '630100',
        draftedAt: '2020-10-10T08:00:00Z',
      }),
      'analytics.relief.applications.v1',
      key,
    );
    const text = `${record.value.toString()}${JSON.stringify(record.headers)}`;
    for (const secret of ['卓玛次仁', '630121201103140026', '13987654321']) expect(text).not.toContain(secret);
    const event = fromKafkaRecord(record);
    expect(event.eventId).toBe('ev-1');
    expect(record.headers?.ce_dataschema).toMatch(/relief\.ApplicationDrafted\/v1\.analytics\.json$/);
    expect(event.data).toMatchObject({
      person: { personRef: pseudonymOf('ch-1', key), division: '6301' },
      city: '630100',
    });
    expect(pseudonymOf('ch-1', key)).not.toBe(pseudonymOf('ch-1', Buffer.alloc(32, 8)));
  });

  it('gives an unmarked person ref (hotline child, referral person) the same pseudonym as a marked one', () => {
    const referral = fromKafkaRecord(
      analyticsRecordOf(
        source('referral.Requested', {
          referralId: 'r1',
          from: { programme: 'hotline', caseId: 'c1', division: '630121' },
          to: 'relief',
          request: { kind: 'property_loss' },
          person: { personRef: 'ch-1', name: 'x', division: '630121', isChild: true },
          requestedAt: '2020-10-10T08:00:00Z',
        }),
        'analytics.referrals.v1',
        key,
      ),
    );
    expect(referral.data.person).toEqual({ personRef: pseudonymOf('ch-1', key), division: '630100', isChild: true });
    expect(referral.data.from).toEqual({ programme: 'hotline', caseId: 'c1', division: '630121' });
  });

  it('replaces staff subjects and a person ref embedded in the stream id', () => {
    const record = analyticsRecordOf(
      source(
        'relief.GrantClaimed',
        {
          programmeId: 'jiangsu-2020',
          standard: 'property_loss',
          personRef: 'pSECRETREF01',
          applicationId: 'a1',
          at: '2020-10-10T08:00:00Z',
        },
        'relief-grant-jiangsu-2020-property_loss-pSECRETREF01',
      ),
      'analytics.relief.grants.v1',
      key,
    );
    expect(JSON.stringify(record)).not.toContain('pSECRETREF01');
    const approved = fromKafkaRecord(
      analyticsRecordOf(
        source('relief.ApplicationApproved', {
          applicationId: 'a1',
          standard: 'property_loss',
          amountFen: 1,
          ruleVersion: 'v',
          city: '320300',
          at: '2020-10-10T08:00:00Z',
          by: { subject: 'cw-wang', role: 'relief.caseworker', division: '320300' },
        }),
        't',
        key,
      ),
    );
    expect(approved.data.by).toEqual({
      subject: pseudonymOf('cw-wang', key),
      role: 'relief.caseworker',
      division: '320300',
    });
  });
});
