import { DomainRuleError, omit, ValidationError, type Decider } from '@carebridge/decider';
import type {
  EventOf,
  OrganizationDeregistered,
  OrganizationRegistered,
  OrganizationUpdated,
} from '@carebridge/event-schema';
import type { OrganizationProfile } from './types';
import { validateOrganizationProfile, validateRegistration } from './validateOrganization';

export type OrganizationEvent =
  | EventOf<typeof OrganizationRegistered>
  | EventOf<typeof OrganizationUpdated>
  | EventOf<typeof OrganizationDeregistered>;

export type OrganizationCommand =
  | {
      type: 'Register';
      organizationId: string;
      creditCode: string;
      county: string;
      profile: OrganizationProfile;
      at: string;
    }
  | { type: 'Update'; changes: Partial<OrganizationProfile>; at: string }
  | { type: 'Deregister'; reason: string; at: string };

export type OrganizationState =
  | { status: 'none' }
  | {
      status: 'active' | 'deregistered';
      organizationId: string;
      creditCode: string;
      county: string;
      profile: OrganizationProfile;
    };

const definedOnly = <T extends object>(changes: T): Partial<T> =>
  Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<T>;

const decide = (command: OrganizationCommand, state: OrganizationState): OrganizationEvent[] => {
  switch (command.type) {
    case 'Register': {
      const violations = validateRegistration(command.creditCode, command.county, command.profile);
      if (violations.length > 0) throw new ValidationError(violations);
      // The stream id comes from the credit code, so a second registration of the same code lands here.
      if (state.status !== 'none')
        throw new DomainRuleError(
          `credit code ${command.creditCode} is already registered`,
          'already_registered',
          'credit_code',
        );
      return [
        {
          type: 'catalog.OrganizationRegistered',
          data: {
            organizationId: command.organizationId,
            creditCode: command.creditCode,
            county: command.county,
            ...command.profile,
            registeredAt: command.at,
          },
        },
      ];
    }
    case 'Update': {
      if (state.status === 'none') throw new DomainRuleError('no such organisation', 'not_registered');
      if (state.status === 'deregistered')
        throw new DomainRuleError('the organisation is deregistered', 'deregistered');
      const changes = definedOnly(command.changes);
      const violations = validateOrganizationProfile({ ...state.profile, ...changes }, state.county);
      if (violations.length > 0) throw new ValidationError(violations);
      if (Object.keys(changes).length === 0) return [];
      return [
        {
          type: 'catalog.OrganizationUpdated',
          data: { organizationId: state.organizationId, ...changes, updatedAt: command.at },
        },
      ];
    }
    case 'Deregister': {
      if (!command.reason.trim()) throw new ValidationError([{ field: 'reason', description: 'is required' }]);
      if (state.status === 'none') throw new DomainRuleError('no such organisation', 'not_registered');
      if (state.status === 'deregistered') return [];
      return [
        {
          type: 'catalog.OrganizationDeregistered',
          data: { organizationId: state.organizationId, reason: command.reason.trim(), at: command.at },
        },
      ];
    }
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
};

const evolve = (state: OrganizationState, event: OrganizationEvent): OrganizationState => {
  switch (event.type) {
    case 'catalog.OrganizationRegistered': {
      const { organizationId, creditCode, county } = event.data;
      const profile = omit(event.data, 'organizationId', 'creditCode', 'county', 'registeredAt');
      return { status: 'active', organizationId, creditCode, county, profile };
    }
    case 'catalog.OrganizationUpdated': {
      if (state.status === 'none') return state;
      const changes = omit(event.data, 'organizationId', 'updatedAt');
      return { ...state, profile: { ...state.profile, ...definedOnly(changes) } };
    }
    case 'catalog.OrganizationDeregistered':
      return state.status === 'none' ? state : { ...state, status: 'deregistered' };
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
    }
  }
};

export const organizationDecider: Decider<OrganizationCommand, OrganizationState, OrganizationEvent> = {
  initialState: () => ({ status: 'none' }),
  decide,
  evolve,
};
