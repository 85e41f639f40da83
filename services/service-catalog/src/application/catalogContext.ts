import { createHmac, randomUUID } from 'node:crypto';
import { personSubject } from '@carebridge/identity';
import { createCommandHandler, fold, type CommandContext, type Decider, type DomainEvent } from '@carebridge/decider';
import type { DocumentStore } from '@carebridge/document-store';
import { eventRegistry } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import { openEvents, sealingEventStore, type KeySubjectOf, type PersonalDataCipher } from '@carebridge/personal-data';
import { organizationDecider, type OrganizationEvent, type OrganizationState } from '../domain/organization';
import { serviceItemDecider, type ServiceItemEvent, type ServiceItemState } from '../domain/serviceItem';
import { serviceRequestDecider, type ServiceRequestEvent, type ServiceRequestState } from '../domain/serviceRequest';
import { createCatalogProjection } from './catalogProjection';
import { openReadModels } from './readModels';

export const streams = {
  organization: (id: string) => `catalog-organization-${id}`,
  service: (id: string) => `catalog-service-${id}`,
  request: (id: string) => `catalog-request-${id}`,
};

export type CatalogDeps = {
  readonly eventStore: EventStore;
  readonly documents: DocumentStore;
  readonly cipher: PersonalDataCipher;
  readonly clock: () => Date;
  /** Key of the pseudonymous person references (keyed hash): never derive them without it. */
  readonly pseudonymKey: Buffer;
  readonly newId?: () => string;
};

/** Requesters' fields are sealed under the person's key, so erasing the person erases them everywhere. */
const catalogKeySubjectOf: KeySubjectOf = (subject, data, streamId) => {
  const personRef = (data.requester as { personRef?: string } | undefined)?.personRef;
  return subject === 'requester' && personRef ? personSubject(personRef) : `catalog-${subject}:${streamId}`;
};

/** What every part of the application shares: the sealing store, read models, the inline projection, handlers. */
export const createCatalogContext = (deps: CatalogDeps) => {
  const store = sealingEventStore(deps.eventStore, deps.cipher, eventRegistry, catalogKeySubjectOf);
  const models = openReadModels(deps.documents);
  const projection = createCatalogProjection(models);

  // Decide, append, then project what was appended at once: the public list never lags a withdrawal.
  const handlerFor = <C, S, E extends DomainEvent>(decider: Decider<C, S, E>) => {
    const handle = createCommandHandler(store, decider);
    return async (streamId: string, command: C, context: CommandContext) => {
      const handled = await handle(streamId, command, context);
      for (const [i, event] of handled.events.entries()) {
        await projection.handle({
          type: event.type,
          data: event.data,
          streamId,
          version: handled.result.fromVersion + i,
        });
      }
      return handled;
    };
  };

  const history = async <E>(streamId: string): Promise<E[]> =>
    (await deps.eventStore.readStream(streamId)) as unknown as E[];

  return {
    deps,
    models,
    projection,
    newId: deps.newId ?? randomUUID,
    now: () => deps.clock().toISOString(),
    personRefOf: (...parts: string[]) =>
      createHmac('sha256', deps.pseudonymKey).update(parts.join('\u0000')).digest('base64url').slice(0, 32),
    handle: {
      organization: handlerFor(organizationDecider),
      service: handlerFor(serviceItemDecider),
      request: handlerFor(serviceRequestDecider),
    },
    loadOrganization: async (id: string): Promise<OrganizationState> =>
      fold(organizationDecider, await history<OrganizationEvent>(streams.organization(id))),
    loadService: async (id: string): Promise<ServiceItemState> =>
      fold(serviceItemDecider, await history<ServiceItemEvent>(streams.service(id))),
    loadRequest: async (id: string): Promise<ServiceRequestState> =>
      fold(serviceRequestDecider, await history<ServiceRequestEvent>(streams.request(id))),
    /** A stream's events with their personal fields opened (for the few views that show them). */
    openedHistory: async (streamId: string) =>
      openEvents(deps.cipher, eventRegistry, await deps.eventStore.readStream(streamId)),
  };
};

export type CatalogContext = ReturnType<typeof createCatalogContext>;
