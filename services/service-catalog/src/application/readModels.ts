import type { DocumentCollection, DocumentStore } from '@carebridge/document-store';
import type { ServiceItemStatus } from '../domain/serviceItem';
import type { RequestStatus } from '../domain/serviceRequest';
import type { OrganizationProfile, ServiceItemContent } from '../domain/types';

/** Every organisation, whatever its status: what officers and staff manage. */
export type OrganizationDoc = OrganizationProfile & {
  id: string;
  creditCode: string;
  county: string;
  status: 'active' | 'deregistered';
  registeredAt: string;
  lastModified: string;
  /** Lower-cased names and scope in both languages, for the search box. */
  searchText: string;
  areaCodes: string[];
};

/** Every item in every state: the organisation's workbench and the county's review queue. */
export type ServiceItemDoc = {
  id: string;
  organizationId: string;
  county: string;
  status: ServiceItemStatus;
  item: ServiceItemContent;
  lastModified: string;
  submittedAt?: string;
  publishedAt?: string;
  lastConfirmedInUse?: string;
};

/** A published item as the public sees it. Nothing unpublished is ever written here. */
export type PublicServiceDoc = {
  id: string;
  organizationId: string;
  organizationName: string;
  county: string;
  category: string;
  termId: string;
  item: ServiceItemContent;
  /** Codes of every division the item reaches: province, prefecture, county, towns, communities. */
  areaCodes: string[];
  searchText: string;
  lastModified: string;
  publishedAt: string;
  lastConfirmedInUse?: string;
};

/** One published item at one of its places (HSDS service_at_location), with coordinates for the map. */
export type PublicLocationDoc = Omit<PublicServiceDoc, 'id'> & {
  id: string;
  serviceId: string;
  locationId: string;
  latitude: number;
  longitude: number;
};

/** A request without its personal fields (those stay sealed in the log and are opened on demand). */
export type RequestDoc = {
  id: string;
  serviceId: string;
  organizationId: string;
  county: string;
  status: RequestStatus;
  sourceKind: 'resident' | 'agency' | 'referral';
  sourceBy: string;
  referralId?: string;
  /** The requester's person reference (a pseudonym): a person's data export finds requests by it. */
  personRef?: string;
  requestedAt: string;
  lastModified: string;
};

export type CatalogReadModels = {
  organizations: DocumentCollection<OrganizationDoc>;
  items: DocumentCollection<ServiceItemDoc>;
  publicServices: DocumentCollection<PublicServiceDoc>;
  publicLocations: DocumentCollection<PublicLocationDoc>;
  requests: DocumentCollection<RequestDoc>;
};

export const openReadModels = (documents: DocumentStore): CatalogReadModels => ({
  organizations: documents.collection<OrganizationDoc>('catalog_organizations', {
    indexes: ['county', 'status', 'lastModified'],
  }),
  items: documents.collection<ServiceItemDoc>('catalog_items', { indexes: ['organizationId', 'county', 'status'] }),
  publicServices: documents.collection<PublicServiceDoc>('catalog_public_services', {
    indexes: ['organizationId', 'termId', 'areaCodes', 'lastModified'],
  }),
  publicLocations: documents.collection<PublicLocationDoc>('catalog_public_locations', {
    indexes: ['serviceId', 'organizationId', 'termId', 'areaCodes', 'latitude', 'longitude', 'lastModified'],
  }),
  requests: documents.collection<RequestDoc>('catalog_requests', {
    indexes: ['organizationId', 'serviceId', 'status', 'sourceBy', 'personRef'],
  }),
});
