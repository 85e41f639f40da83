import { DomainRuleError, ValidationError, type Decider } from '@carebridge/decider';
import type {
  EventOf,
  ReferralOutcomeReported,
  RequestAccepted,
  RequestCompleted,
  RequestDeclined,
  ServiceRequested,
} from '@carebridge/event-schema';
import type { ServiceItemStatus } from './serviceItem';

export type ServiceRequestEvent =
  | EventOf<typeof ServiceRequested>
  | EventOf<typeof RequestAccepted>
  | EventOf<typeof RequestDeclined>
  | EventOf<typeof RequestCompleted>
  | EventOf<typeof ReferralOutcomeReported>;

type Requested = EventOf<typeof ServiceRequested>['data'];

/** The item asked for, as the application loaded it (undefined: no such item). */
export type RequestedService = {
  readonly serviceId: string;
  readonly status: ServiceItemStatus;
  readonly organizationId: string;
  readonly county: string;
  readonly organizationActive: boolean;
};

export type ServiceRequestCommand =
  | {
      type: 'Request';
      requestId: string;
      serviceId: string;
      service: RequestedService | undefined;
      source: Requested['source'];
      requester: Requested['requester'];
      note?: string;
      at: string;
    }
  | { type: 'Accept'; at: string; by: string }
  | { type: 'Decline'; reason: string; at: string; by: string }
  | { type: 'Complete'; note?: string; at: string; by: string };

export type RequestStatus = 'requested' | 'accepted' | 'declined' | 'completed';

export type ServiceRequestState =
  | { status: 'none'; refusedReferral?: string }
  | {
      status: RequestStatus;
      requestId: string;
      serviceId: string;
      organizationId: string;
      source: Requested['source'];
    };

type Outcome = EventOf<typeof ReferralOutcomeReported>['data']['outcome'];

/** A referral hears back at every step (referral.OutcomeReported on referrals.v1). */
const outcomeFor = (
  source: Requested['source'],
  requestId: string,
  outcome: Outcome,
  at: string,
  detail?: string,
): ServiceRequestEvent[] => {
  if (source.kind !== 'referral' || !source.referralId) return [];
  const from = source.programme as EventOf<typeof ReferralOutcomeReported>['data']['from'];
  return [
    {
      type: 'referral.OutcomeReported',
      data: {
        referralId: source.referralId,
        from,
        to: 'catalog',
        targetRef: requestId,
        outcome,
        ...(detail ? { detail: detail.slice(0, 500) } : {}),
        reportedAt: at,
      },
    },
  ];
};

const whyNotRequestable = (service: RequestedService | undefined): string | undefined => {
  if (!service) return 'no such service item';
  if (!service.organizationActive) return 'the organisation has left the catalog';
  if (service.status === 'retired') return 'the service item is retired';
  if (service.status !== 'published') return `the service item is not published (it is ${service.status})`;
  return undefined;
};

const decide = (command: ServiceRequestCommand, state: ServiceRequestState): ServiceRequestEvent[] => {
  if (command.type === 'Request') {
    if (state.status !== 'none' || state.refusedReferral) return []; // a redelivered referral: already handled
    const violations = [];
    if (!command.requester.name.trim()) violations.push({ field: 'requester.name', description: 'is required' });
    if (!/^[1-9]\d{5}$/.test(command.requester.division))
      violations.push({ field: 'requester.division', description: 'must be a six-digit division code' });
    if (command.source.kind === 'referral' && !command.source.referralId)
      violations.push({ field: 'source.referral_id', description: 'a referral names its referral id' });
    if (violations.length > 0) throw new ValidationError(violations);
    const why = whyNotRequestable(command.service);
    if (why) {
      // Another programme is told, not thrown at: its case records the refusal.
      if (command.source.kind === 'referral')
        return outcomeFor(command.source, command.requestId, 'declined', command.at, why);
      throw new DomainRuleError(
        why,
        command.service ? `service_${command.service.status}` : 'service_not_found',
        'service_id',
      );
    }
    const service = command.service!;
    return [
      {
        type: 'catalog.ServiceRequested',
        data: {
          requestId: command.requestId,
          serviceId: service.serviceId,
          organizationId: service.organizationId,
          county: service.county,
          source: command.source,
          requester: command.requester,
          ...(command.note ? { note: command.note } : {}),
          requestedAt: command.at,
        },
      },
      ...outcomeFor(command.source, command.requestId, 'received', command.at),
    ];
  }
  if (state.status === 'none') throw new DomainRuleError('no such request', 'not_found', 'request_id');
  const { requestId, serviceId, source } = state;
  switch (command.type) {
    case 'Accept':
      if (state.status === 'accepted') return [];
      if (state.status !== 'requested')
        throw new DomainRuleError(
          `cannot accept a request that is ${state.status}`,
          `request_${state.status}`,
          'status',
        );
      return [
        { type: 'catalog.RequestAccepted', data: { requestId, serviceId, at: command.at, by: command.by } },
        ...outcomeFor(source, requestId, 'accepted', command.at),
      ];
    case 'Decline': {
      const reason = command.reason.trim();
      if (!reason) throw new ValidationError([{ field: 'reason', description: 'is required' }]);
      if (state.status === 'declined') return [];
      if (state.status === 'completed')
        throw new DomainRuleError('cannot decline a completed request', 'request_completed', 'status');
      return [
        { type: 'catalog.RequestDeclined', data: { requestId, serviceId, reason, at: command.at, by: command.by } },
        ...outcomeFor(source, requestId, 'declined', command.at, reason),
      ];
    }
    case 'Complete':
      if (state.status === 'completed') return [];
      if (state.status !== 'accepted')
        throw new DomainRuleError(
          `cannot complete a request that is ${state.status}; accept it first`,
          `request_${state.status}`,
          'status',
        );
      return [
        {
          type: 'catalog.RequestCompleted',
          data: {
            requestId,
            serviceId,
            ...(command.note ? { note: command.note } : {}),
            at: command.at,
            by: command.by,
          },
        },
        ...outcomeFor(source, requestId, 'completed', command.at),
      ];
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
};

const evolve = (state: ServiceRequestState, event: ServiceRequestEvent): ServiceRequestState => {
  switch (event.type) {
    case 'catalog.ServiceRequested': {
      const { requestId, serviceId, organizationId, source } = event.data;
      return { status: 'requested', requestId, serviceId, organizationId, source };
    }
    case 'catalog.RequestAccepted':
      return state.status === 'none' ? state : { ...state, status: 'accepted' };
    case 'catalog.RequestDeclined':
      return state.status === 'none' ? state : { ...state, status: 'declined' };
    case 'catalog.RequestCompleted':
      return state.status === 'none' ? state : { ...state, status: 'completed' };
    case 'referral.OutcomeReported':
      // Alone on a stream it records a referral refused before any request existed.
      return state.status === 'none' ? { status: 'none', refusedReferral: event.data.referralId } : state;
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
};

export const serviceRequestDecider: Decider<ServiceRequestCommand, ServiceRequestState, ServiceRequestEvent> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
