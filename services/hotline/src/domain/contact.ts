import type { EventOf, HotlineContactLinked, HotlineContactRecorded } from '@carebridge/event-schema';
import { DomainRuleError, type Decider } from '@carebridge/decider';

export type ContactRecordedEvent = EventOf<typeof HotlineContactRecorded>;
export type ContactEvent = ContactRecordedEvent | EventOf<typeof HotlineContactLinked>;
export type ContactRecord = ContactRecordedEvent['data'];

export type ContactCommand =
  | { readonly type: 'RecordContact'; readonly data: ContactRecord }
  | {
      readonly type: 'LinkContact';
      readonly data: { readonly contactId: string; readonly caseId: string; readonly at: string };
    };

export type ContactState =
  | { readonly status: 'none' }
  | { readonly status: 'recorded'; readonly contact: ContactRecord; readonly caseId?: string };

/** A contact is recorded once and belongs to at most one case. */
export const contactDecider: Decider<ContactCommand, ContactState, ContactEvent> = {
  initialState: () => ({ status: 'none' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'RecordContact':
        // Same contact id means the same idempotency key: the first recording stands.
        return state.status === 'none' ? [{ type: 'hotline.ContactRecorded', data: command.data }] : [];
      case 'LinkContact':
        if (state.status === 'none')
          throw new DomainRuleError(
            `contact ${command.data.contactId} does not exist`,
            'contact_unknown',
            'contactIds',
          );
        if (state.caseId === command.data.caseId) return [];
        if (state.caseId) {
          throw new DomainRuleError(
            `contact ${command.data.contactId} already belongs to another case`,
            'contact_linked',
            'contactIds',
          );
        }
        return [{ type: 'hotline.ContactLinked', data: command.data }];
      default: {
        const unreachable: never = command;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'hotline.ContactRecorded':
        return { status: 'recorded', contact: event.data };
      case 'hotline.ContactLinked':
        return state.status === 'recorded' ? { ...state, caseId: event.data.caseId } : state;
      default: {
        const unreachable: never = event;
        return unreachable;
      }
    }
  },
};
