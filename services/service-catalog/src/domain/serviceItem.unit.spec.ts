import { DomainRuleError, ValidationError } from '@carebridge/decider';
import { DeciderSpecification } from '@carebridge/decider/testing';
import { serviceItemDecider, type ServiceItemCommand, type ServiceItemEvent } from './serviceItem';
import { AT, DEQING, item, ORG_ID, SERVICE_ID } from './testing/fixtures';

const spec = DeciderSpecification.for(serviceItemDecider);
const org = { organizationId: ORG_ID, county: DEQING, active: true };
const by = 'officer-deqing';
const drafted: ServiceItemEvent = {
  type: 'catalog.ServiceDrafted',
  data: { serviceId: SERVICE_ID, organizationId: ORG_ID, county: DEQING, item: item(), draftedAt: AT },
};
const submitted: ServiceItemEvent = {
  type: 'catalog.ServiceSubmitted',
  data: { serviceId: SERVICE_ID, at: AT, by: 'staff' },
};
const published: ServiceItemEvent = { type: 'catalog.ServicePublished', data: { serviceId: SERVICE_ID, at: AT, by } };
const withdrawn: ServiceItemEvent = {
  type: 'catalog.ServiceWithdrawn',
  data: { serviceId: SERVICE_ID, reason: '暂停', at: AT, by },
};
const retired: ServiceItemEvent = {
  type: 'catalog.ServiceRetired',
  data: { serviceId: SERVICE_ID, reason: '项目结束', at: AT, by },
};
const returned: ServiceItemEvent = {
  type: 'catalog.ServiceReturned',
  data: { serviceId: SERVICE_ID, reason: '请补充联系方式', at: AT, by },
};

const draft = (overrides = {}): ServiceItemCommand => ({
  type: 'Draft',
  serviceId: SERVICE_ID,
  organization: org,
  item: item(overrides),
  at: AT,
});

describe('service item decider: the publication workflow', () => {
  type Row = [string, ServiceItemEvent[], ServiceItemCommand, ServiceItemEvent[] | RegExp];
  const rows: Row[] = [
    ['drafts a valid item', [], draft(), [drafted]],
    ['submits a draft for review', [drafted], { type: 'Submit', at: AT, by: 'staff' }, [submitted]],
    ['publishes a submitted item', [drafted, submitted], { type: 'Publish', at: AT, by }, [published]],
    [
      'does not publish a draft that skipped review',
      [drafted],
      { type: 'Publish', at: AT, by },
      /cannot publish an item that is draft/,
    ],
    [
      'returns a submitted item to the organisation',
      [drafted, submitted],
      { type: 'Return', reason: '请补充联系方式', at: AT, by },
      [returned],
    ],
    [
      'a returned item is a draft again',
      [drafted, submitted, returned],
      { type: 'Publish', at: AT, by },
      /that is draft/,
    ],
    [
      'withdraws a published item',
      [drafted, submitted, published],
      { type: 'Withdraw', reason: '暂停', at: AT, by },
      [withdrawn],
    ],
    [
      'does not revise a published item in place',
      [drafted, submitted, published],
      { type: 'Revise', item: item(), at: AT },
      /cannot revise an item that is published/,
    ],
    [
      'revises a withdrawn item',
      [drafted, submitted, published, withdrawn],
      { type: 'Revise', item: item({ capacity: { perMonth: 10 } }), at: AT },
      [
        {
          type: 'catalog.ServiceRevised',
          data: { serviceId: SERVICE_ID, item: item({ capacity: { perMonth: 10 } }), revisedAt: AT },
        },
      ],
    ],
    [
      'resubmits a withdrawn item',
      [drafted, submitted, published, withdrawn],
      { type: 'Submit', at: AT, by: 'staff' },
      [submitted],
    ],
    [
      'retires a published item',
      [drafted, submitted, published],
      { type: 'Retire', reason: '项目结束', at: AT, by },
      [retired],
    ],
    [
      'a retired item is never published again',
      [drafted, submitted, published, retired],
      { type: 'Publish', at: AT, by },
      /that is retired/,
    ],
    [
      'a retired item is never resubmitted',
      [drafted, submitted, published, retired],
      { type: 'Submit', at: AT, by: 'staff' },
      /that is retired/,
    ],
    ['publishing twice changes nothing', [drafted, submitted, published], { type: 'Publish', at: AT, by }, []],
    [
      'confirms use once per request',
      [drafted, submitted, published],
      { type: 'ConfirmUse', requestId: 'r1', at: AT },
      [{ type: 'catalog.ServiceUseConfirmed', data: { serviceId: SERVICE_ID, requestId: 'r1', at: AT } }],
    ],
    [
      'a redelivered completion confirms nothing new',
      [
        drafted,
        submitted,
        published,
        { type: 'catalog.ServiceUseConfirmed', data: { serviceId: SERVICE_ID, requestId: 'r1', at: AT } },
      ],
      { type: 'ConfirmUse', requestId: 'r1', at: AT },
      [],
    ],
  ];
  it.each(rows)('%s', (_name, given, when, then) => {
    if (then instanceof RegExp) spec.given(given).when(when).thenThrows(DomainRuleError, then);
    else spec.given(given).when(when).then(then);
  });

  it('keeps the last confirmed-in-use date', () => {
    const state = [
      drafted,
      submitted,
      published,
      {
        type: 'catalog.ServiceUseConfirmed' as const,
        data: { serviceId: SERVICE_ID, requestId: 'r1', at: '2020-09-01T00:00:00.000Z' },
      },
    ].reduce(serviceItemDecider.evolve, serviceItemDecider.initialState());
    expect(state).toMatchObject({ status: 'published', lastConfirmedInUse: '2020-09-01T00:00:00.000Z' });
  });

  it('refuses a draft of a deregistered organisation', () =>
    spec
      .given([])
      .when({ type: 'Draft', serviceId: SERVICE_ID, organization: { ...org, active: false }, item: item(), at: AT })
      .thenThrows(DomainRuleError, /deregistered/));
});

describe('service item decider: bad input names every field', () => {
  const fieldsOf = (command: ServiceItemCommand): string[] => {
    try {
      serviceItemDecider.decide(command, serviceItemDecider.initialState());
    } catch (e) {
      if (e instanceof ValidationError) return e.violations.map((v) => v.field);
      throw e;
    }
    throw new Error('expected a ValidationError');
  };
  const location = item().locations[0]!;

  it.each([
    ['unknown category', { category: 'astrology' as never }, ['category']],
    [
      'coordinates outside China',
      { locations: [{ ...location, latitude: 51.5, longitude: -0.12 }] },
      ['locations[0].longitude'],
    ],
    [
      'latitude and longitude swapped',
      { locations: [{ ...location, latitude: 119.96, longitude: 30.545 }] },
      ['locations[0].latitude', 'locations[0].longitude'],
    ],
    [
      'schedule ending before it starts',
      { schedule: { startDate: '2020-08-01', endDate: '2020-07-01', weekly: [] } },
      ['schedule.end_date'],
    ],
    ['a town of another county', { coverage: { towns: ['110101001'], communities: [] } }, ['coverage.towns[0]']],
    ['max age below min age', { eligibility: { minAge: 60, maxAge: 18, situations: [] } }, ['eligibility.max_age']],
    ['a paid item without a price', { cost: { free: false } }, ['cost.amount_fen']],
    [
      'opening hours closing before they open',
      { schedule: { startDate: '2020-08-01', weekly: [{ weekday: 8, opens: '18:00', closes: '09:00' }] } },
      ['schedule.weekly[0].weekday', 'schedule.weekly[0].closes'],
    ],
  ])('%s', (_name, overrides, fields) => expect(fieldsOf(draft(overrides))).toEqual(fields));

  it('all four bad inputs of the issue together, each named', () => {
    const bad = draft({
      category: 'astrology' as never,
      locations: [{ ...location, latitude: 48.85, longitude: 2.35 }],
      schedule: { startDate: '2020-08-01', endDate: '2019-12-31', weekly: [] },
    });
    expect(fieldsOf(bad)).toEqual(['category', 'locations[0].longitude', 'schedule.end_date']);
  });
});
