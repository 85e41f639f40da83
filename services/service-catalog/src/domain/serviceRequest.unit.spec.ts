import { DomainRuleError, ValidationError } from '@carebridge/decider';
import { DeciderSpecification } from '@carebridge/decider/testing';
import {
  serviceRequestDecider,
  type RequestedService,
  type ServiceRequestCommand,
  type ServiceRequestEvent,
} from './serviceRequest';
import { AT, DEQING, ORG_ID, REQUEST_ID, SERVICE_ID } from './testing/fixtures';

const spec = DeciderSpecification.for(serviceRequestDecider);
const published: RequestedService = {
  serviceId: SERVICE_ID,
  status: 'published',
  organizationId: ORG_ID,
  county: DEQING,
  organizationActive: true,
};
const requester = { personRef: 'p-1', name: '李奶奶', phone: '13900000000', division: DEQING, isChild: false };
const referral = {
  kind: 'referral' as const,
  by: 'programme:hotline',
  referralId: 'ref-1',
  programme: 'hotline',
  division: DEQING,
};
const resident = { kind: 'resident' as const, by: 'resident-1' };
type Source = Extract<ServiceRequestCommand, { type: 'Request' }>['source'];
const request = (service: RequestedService | undefined, source: Source = resident): ServiceRequestCommand => ({
  type: 'Request',
  requestId: REQUEST_ID,
  serviceId: SERVICE_ID,
  service,
  source,
  requester,
  at: AT,
});
const requested = (source = resident as typeof resident | typeof referral): ServiceRequestEvent => ({
  type: 'catalog.ServiceRequested',
  data: {
    requestId: REQUEST_ID,
    serviceId: SERVICE_ID,
    organizationId: ORG_ID,
    county: DEQING,
    source,
    requester,
    requestedAt: AT,
  },
});
const outcome = (o: 'received' | 'accepted' | 'declined' | 'completed', detail?: string): ServiceRequestEvent => ({
  type: 'referral.OutcomeReported',
  data: {
    referralId: 'ref-1',
    from: 'hotline',
    to: 'catalog',
    targetRef: REQUEST_ID,
    outcome: o,
    ...(detail ? { detail } : {}),
    reportedAt: AT,
  },
});
const accepted: ServiceRequestEvent = {
  type: 'catalog.RequestAccepted',
  data: { requestId: REQUEST_ID, serviceId: SERVICE_ID, at: AT, by: 'staff' },
};

describe('service request decider', () => {
  it('a resident requests a published item', () => spec.given([]).when(request(published)).then([requested()]));

  it.each([
    ['retired', /retired/],
    ['withdrawn', /not published \(it is withdrawn\)/],
    ['draft', /not published \(it is draft\)/],
  ] as const)('a %s item cannot be requested', (status, message) =>
    spec
      .given([])
      .when(request({ ...published, status }))
      .thenThrows(DomainRuleError, message),
  );

  it('an unknown item cannot be requested', () =>
    spec
      .given([])
      .when(request(undefined))
      .thenThrows(DomainRuleError, /no such service item/));

  it('an item of a deregistered organisation cannot be requested', () =>
    spec
      .given([])
      .when(request({ ...published, organizationActive: false }))
      .thenThrows(DomainRuleError, /left the catalog/));

  it('a referral is received and reported back', () =>
    spec
      .given([])
      .when(request(published, referral))
      .then([requested(referral), outcome('received')]));

  it('a referral for a retired item is declined back to the referring programme, not thrown', () =>
    spec
      .given([])
      .when(request({ ...published, status: 'retired' }, referral))
      .then([outcome('declined', 'the service item is retired')]));

  it('a redelivered referral changes nothing, whether it was taken or refused', () => {
    spec
      .given([requested(referral), outcome('received')])
      .when(request(published, referral))
      .thenNothingHappened();
    spec
      .given([outcome('declined', 'the service item is retired')])
      .when(request(published, referral))
      .thenNothingHappened();
  });

  it('accept → complete, each step reported to the referral', () => {
    spec
      .given([requested(referral)])
      .when({ type: 'Accept', at: AT, by: 'staff' })
      .then([accepted, outcome('accepted')]);
    spec
      .given([requested(referral), accepted])
      .when({ type: 'Complete', at: AT, by: 'staff' })
      .then([
        {
          type: 'catalog.RequestCompleted',
          data: { requestId: REQUEST_ID, serviceId: SERVICE_ID, at: AT, by: 'staff' },
        },
        outcome('completed'),
      ]);
  });

  it('a resident request reports to no referral', () =>
    spec
      .given([requested()])
      .when({ type: 'Decline', reason: '名额已满', at: AT, by: 'staff' })
      .then([
        {
          type: 'catalog.RequestDeclined',
          data: { requestId: REQUEST_ID, serviceId: SERVICE_ID, reason: '名额已满', at: AT, by: 'staff' },
        },
      ]));

  it('cannot complete before accepting, nor decline after completing', () => {
    spec
      .given([requested()])
      .when({ type: 'Complete', at: AT, by: 'staff' })
      .thenThrows(DomainRuleError, /accept it first/);
    const completed: ServiceRequestEvent = {
      type: 'catalog.RequestCompleted',
      data: { requestId: REQUEST_ID, serviceId: SERVICE_ID, at: AT, by: 'staff' },
    };
    spec
      .given([requested(), accepted, completed])
      .when({ type: 'Decline', reason: 'x', at: AT, by: 'staff' })
      .thenThrows(DomainRuleError, /completed/);
  });

  it('names the bad requester fields', () =>
    spec
      .given([])
      .when({ ...request(published), requester: { ...requester, name: ' ', division: '33' } } as ServiceRequestCommand)
      .thenThrows(ValidationError, /requester.name: is required; requester.division/));
});
