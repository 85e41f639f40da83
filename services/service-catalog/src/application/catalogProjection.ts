import type { SourcePosition } from '@carebridge/document-store';
import type { OrganizationEvent } from '../domain/organization';
import type { ServiceItemEvent } from '../domain/serviceItem';
import type { ServiceRequestEvent } from '../domain/serviceRequest';
import { areaCodesOf } from '../domain/geography';
import { publicLocationsOf, publicServiceOf, searchTextOf, serviceAtLocationIdOf } from './publicDocuments';
import type { CatalogReadModels, OrganizationDoc, ServiceItemDoc } from './readModels';
import { omit } from '@carebridge/decider';

/** An event with where it came from: what both the inline path and the topic-fed runner hand over. */
export type SourcedEvent = {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly streamId: string;
  readonly version: number;
};

export const CATALOG_TOPICS = ['catalog.organizations.v1', 'catalog.services.v1', 'catalog.requests.v1'] as const;

/**
 * Every catalog read model from the catalog's own events. Idempotent (applyOnce per source stream and version),
 * so the application runs it right after each append (withdrawal leaves the public list at once) and the
 * projection runner runs it again from the topics (recovery after a crash, rebuilds) without harm.
 * The public collections are only ever written from a published item of an active organisation.
 */
export const createCatalogProjection = (models: CatalogReadModels) => {
  const syncPublic = async (
    item: ServiceItemDoc | undefined,
    source: SourcePosition,
    previous?: ServiceItemDoc,
  ): Promise<void> => {
    if (!item && !previous) return;
    const organization = item ? await models.organizations.get(item.organizationId) : undefined;
    const visible = item?.status === 'published' && organization?.status === 'active';
    const stale = previous?.item.locations.map((l) => serviceAtLocationIdOf(previous.id, l.locationId)) ?? [];
    const serviceId = item?.id ?? previous!.id;
    if (!visible) {
      await models.publicServices.applyOnce(serviceId, source, () => undefined);
      for (const id of stale) await models.publicLocations.applyOnce(id, source, () => undefined);
      return;
    }
    const doc = publicServiceOf(item, organization);
    await models.publicServices.applyOnce(serviceId, source, () => doc);
    const fresh = publicLocationsOf(doc);
    for (const id of stale.filter((s) => !fresh.some((f) => f.id === s)))
      await models.publicLocations.applyOnce(id, source, () => undefined);
    for (const location of fresh) await models.publicLocations.applyOnce(location.id, source, () => location);
  };

  const onOrganization = async (event: OrganizationEvent, source: SourcePosition): Promise<void> => {
    const id = event.data.organizationId;
    const change = (current: OrganizationDoc | undefined): OrganizationDoc | undefined => {
      switch (event.type) {
        case 'catalog.OrganizationRegistered': {
          const { organizationId, registeredAt, ...rest } = event.data;
          return finishOrganization({
            ...rest,
            id: organizationId,
            status: 'active',
            registeredAt,
            lastModified: registeredAt,
            searchText: '',
            areaCodes: [],
          });
        }
        case 'catalog.OrganizationUpdated': {
          if (!current) return current;
          const { updatedAt } = event.data;
          const changes = omit(event.data, 'organizationId', 'updatedAt');
          const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
          return finishOrganization({ ...current, ...defined, lastModified: updatedAt });
        }
        case 'catalog.OrganizationDeregistered':
          return current ? { ...current, status: 'deregistered', lastModified: event.data.at } : current;
        default: {
          const unreachable: never = event;
          throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
        }
      }
    };
    await models.organizations.applyOnce(id, source, change);
    // A renamed organisation renames its public items; a deregistered one takes them off the list.
    for (let token: string | undefined, first = true; first || token; first = false) {
      const page = await models.items.find(
        { organizationId: id, status: 'published' },
        { limit: 500, ...(token ? { pageToken: token } : {}) },
      );
      for (const item of page.items) await syncPublic(item, source);
      token = page.nextPageToken;
    }
  };

  const onItem = async (event: ServiceItemEvent, source: SourcePosition): Promise<void> => {
    const id = event.data.serviceId;
    const previous = await models.items.get(id);
    const change = (current: ServiceItemDoc | undefined): ServiceItemDoc | undefined => {
      if (event.type === 'catalog.ServiceDrafted') {
        const { serviceId, organizationId, county, item, draftedAt } = event.data;
        return { id: serviceId, organizationId, county, item, status: 'draft', lastModified: draftedAt };
      }
      if (!current) return current;
      switch (event.type) {
        case 'catalog.ServiceRevised':
          return { ...current, item: event.data.item, lastModified: event.data.revisedAt };
        case 'catalog.ServiceSubmitted':
          return { ...current, status: 'submitted', submittedAt: event.data.at, lastModified: event.data.at };
        case 'catalog.ServiceReturned':
          return { ...current, status: 'draft', lastModified: event.data.at };
        case 'catalog.ServicePublished':
          return { ...current, status: 'published', publishedAt: event.data.at, lastModified: event.data.at };
        case 'catalog.ServiceWithdrawn':
          return { ...current, status: 'withdrawn', lastModified: event.data.at };
        case 'catalog.ServiceRetired':
          return { ...current, status: 'retired', lastModified: event.data.at };
        case 'catalog.ServiceUseConfirmed':
          return { ...current, lastConfirmedInUse: event.data.at };
        default: {
          const unreachable: never = event;
          throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
        }
      }
    };
    await models.items.applyOnce(id, source, change);
    await syncPublic(await models.items.get(id), source, previous);
  };

  const onRequest = async (event: ServiceRequestEvent, source: SourcePosition): Promise<void> => {
    if (event.type === 'referral.OutcomeReported') return;
    const id = event.data.requestId;
    await models.requests.applyOnce(id, source, (current) => {
      if (event.type === 'catalog.ServiceRequested') {
        const { requestId, serviceId, organizationId, county, source: from, requestedAt, requester } = event.data;
        return {
          id: requestId,
          serviceId,
          organizationId,
          county,
          status: 'requested',
          sourceKind: from.kind,
          sourceBy: from.by,
          ...(from.referralId ? { referralId: from.referralId } : {}),
          ...(requester.personRef ? { personRef: requester.personRef } : {}),
          requestedAt,
          lastModified: requestedAt,
        };
      }
      if (!current) return current;
      switch (event.type) {
        case 'catalog.RequestAccepted':
          return { ...current, status: 'accepted', lastModified: event.data.at };
        case 'catalog.RequestDeclined':
          return { ...current, status: 'declined', lastModified: event.data.at };
        case 'catalog.RequestCompleted':
          return { ...current, status: 'completed', lastModified: event.data.at };
        default: {
          const unreachable: never = event;
          throw new Error(`unknown event ${JSON.stringify(unreachable)}`);
        }
      }
    });
  };

  const handle = async (event: SourcedEvent): Promise<void> => {
    const source = { stream: event.streamId, version: event.version };
    if (event.type.startsWith('catalog.Organization'))
      return onOrganization(event as unknown as OrganizationEvent, source);
    if (event.type.startsWith('catalog.Service') && event.type !== 'catalog.ServiceRequested')
      return onItem(event as unknown as ServiceItemEvent, source);
    if (event.type.startsWith('catalog.Request') || event.type === 'catalog.ServiceRequested')
      return onRequest(event as unknown as ServiceRequestEvent, source);
  };

  return {
    name: 'catalog-read-models',
    topics: CATALOG_TOPICS,
    handle,
    async reset(): Promise<void> {
      for (const collection of Object.values(models)) await collection.deleteAll();
    },
  };
};

const finishOrganization = (doc: OrganizationDoc): OrganizationDoc => ({
  ...doc,
  searchText: searchTextOf([doc.name, doc.nameEn, doc.charterScope, doc.registrationAuthority]),
  areaCodes: [...new Set(doc.serviceTowns.flatMap(areaCodesOf))].sort(),
});

export type CatalogProjection = ReturnType<typeof createCatalogProjection>;
