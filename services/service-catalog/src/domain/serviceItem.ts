import { DomainRuleError, ValidationError, type Decider } from '@carebridge/decider';
import type {
  EventOf,
  ServiceDrafted,
  ServicePublished,
  ServiceRetired,
  ServiceReturned,
  ServiceRevised,
  ServiceSubmitted,
  ServiceUseConfirmed,
  ServiceWithdrawn,
} from '@carebridge/event-schema';
import type { ServiceItemContent } from './types';
import { validateServiceItem } from './validateServiceItem';

export type ServiceItemEvent =
  | EventOf<typeof ServiceDrafted>
  | EventOf<typeof ServiceRevised>
  | EventOf<typeof ServiceSubmitted>
  | EventOf<typeof ServiceReturned>
  | EventOf<typeof ServicePublished>
  | EventOf<typeof ServiceWithdrawn>
  | EventOf<typeof ServiceRetired>
  | EventOf<typeof ServiceUseConfirmed>;

/** The organisation an item belongs to, as the application loaded it: a deregistered one drafts nothing. */
export type OrganizationSnapshot = {
  readonly organizationId: string;
  readonly county: string;
  readonly active: boolean;
};

export type ServiceItemCommand =
  | { type: 'Draft'; serviceId: string; organization: OrganizationSnapshot; item: ServiceItemContent; at: string }
  | { type: 'Revise'; item: ServiceItemContent; at: string }
  | { type: 'Submit'; at: string; by: string }
  | { type: 'Return'; reason: string; at: string; by: string }
  | { type: 'Publish'; at: string; by: string }
  | { type: 'Withdraw'; reason: string; at: string; by: string }
  | { type: 'Retire'; reason: string; at: string; by: string }
  | { type: 'ConfirmUse'; requestId: string; at: string };

/** draft → submitted → published → withdrawn (→ revised, submitted again) ; any → retired, for good. */
export type ServiceItemStatus = 'draft' | 'submitted' | 'published' | 'withdrawn' | 'retired';

export type ServiceItemState =
  | { status: 'none' }
  | {
      status: ServiceItemStatus;
      serviceId: string;
      organizationId: string;
      county: string;
      item: ServiceItemContent;
      lastConfirmedInUse?: string;
      confirmedRequests: readonly string[];
    };

const refuse = (action: string, status: string): never => {
  throw new DomainRuleError(`cannot ${action} an item that is ${status}`, `item_${status}`, 'status');
};

const reasonOf = (reason: string): string => {
  if (!reason.trim()) throw new ValidationError([{ field: 'reason', description: 'is required' }]);
  return reason.trim();
};

const decide = (command: ServiceItemCommand, state: ServiceItemState): ServiceItemEvent[] => {
  if (command.type === 'Draft') {
    if (state.status !== 'none') throw new DomainRuleError('the item already exists', 'already_exists', 'service_id');
    const violations = validateServiceItem(command.item, command.organization.county);
    if (violations.length > 0) throw new ValidationError(violations);
    if (!command.organization.active)
      throw new DomainRuleError('the organisation is deregistered', 'organization_deregistered', 'organization_id');
    const { organizationId, county } = command.organization;
    return [
      {
        type: 'catalog.ServiceDrafted',
        data: { serviceId: command.serviceId, organizationId, county, item: command.item, draftedAt: command.at },
      },
    ];
  }
  if (state.status === 'none') throw new DomainRuleError('no such service item', 'not_found', 'service_id');
  const serviceId = state.serviceId;
  switch (command.type) {
    case 'Revise': {
      const violations = validateServiceItem(command.item, state.county);
      if (violations.length > 0) throw new ValidationError(violations);
      // A published item changes only through review: withdraw it first (or retire and draft anew).
      if (state.status !== 'draft' && state.status !== 'withdrawn') return refuse('revise', state.status);
      return [{ type: 'catalog.ServiceRevised', data: { serviceId, item: command.item, revisedAt: command.at } }];
    }
    case 'Submit':
      if (state.status === 'submitted') return [];
      if (state.status !== 'draft' && state.status !== 'withdrawn') return refuse('submit', state.status);
      return [{ type: 'catalog.ServiceSubmitted', data: { serviceId, at: command.at, by: command.by } }];
    case 'Return': {
      const reason = reasonOf(command.reason);
      if (state.status !== 'submitted') return refuse('return', state.status);
      return [{ type: 'catalog.ServiceReturned', data: { serviceId, reason, at: command.at, by: command.by } }];
    }
    case 'Publish':
      if (state.status === 'published') return [];
      if (state.status !== 'submitted') return refuse('publish', state.status);
      return [{ type: 'catalog.ServicePublished', data: { serviceId, at: command.at, by: command.by } }];
    case 'Withdraw': {
      const reason = reasonOf(command.reason);
      if (state.status === 'withdrawn') return [];
      if (state.status !== 'published') return refuse('withdraw', state.status);
      return [{ type: 'catalog.ServiceWithdrawn', data: { serviceId, reason, at: command.at, by: command.by } }];
    }
    case 'Retire': {
      const reason = reasonOf(command.reason);
      if (state.status === 'retired') return [];
      return [{ type: 'catalog.ServiceRetired', data: { serviceId, reason, at: command.at, by: command.by } }];
    }
    case 'ConfirmUse':
      if (state.confirmedRequests.includes(command.requestId)) return [];
      return [
        { type: 'catalog.ServiceUseConfirmed', data: { serviceId, requestId: command.requestId, at: command.at } },
      ];
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
};

const evolve = (state: ServiceItemState, event: ServiceItemEvent): ServiceItemState => {
  if (event.type === 'catalog.ServiceDrafted') {
    const { serviceId, organizationId, county, item } = event.data;
    return { status: 'draft', serviceId, organizationId, county, item, confirmedRequests: [] };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'catalog.ServiceRevised':
      return { ...state, item: event.data.item };
    case 'catalog.ServiceSubmitted':
      return { ...state, status: 'submitted' };
    case 'catalog.ServiceReturned':
      return { ...state, status: 'draft' };
    case 'catalog.ServicePublished':
      return { ...state, status: 'published' };
    case 'catalog.ServiceWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'catalog.ServiceRetired':
      return { ...state, status: 'retired' };
    case 'catalog.ServiceUseConfirmed':
      return {
        ...state,
        lastConfirmedInUse: event.data.at,
        confirmedRequests: [...state.confirmedRequests, event.data.requestId],
      };
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
};

export const serviceItemDecider: Decider<ServiceItemCommand, ServiceItemState, ServiceItemEvent> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
