import { v5 as uuidV5 } from 'uuid';
import { categoryOf, type CategoryCode } from '../domain/categories';
import { areaCodesOf, townOf } from '../domain/geography';
import type { OrganizationDoc, PublicLocationDoc, PublicServiceDoc, ServiceItemDoc } from './readModels';

// Namespace of the ids the catalog derives (service_at_location ids, organisation ids from credit codes).
export const CATALOG_NAMESPACE = '3c4b4a0e-5b8e-4e59-9a52-7f1b8d0c2a61';

export const organizationIdOf = (creditCode: string): string => uuidV5(`organization:${creditCode}`, CATALOG_NAMESPACE);
export const serviceAtLocationIdOf = (serviceId: string, locationId: string): string =>
  uuidV5(`sal:${serviceId}:${locationId}`, CATALOG_NAMESPACE);
export const requestIdOfReferral = (referralId: string): string => uuidV5(`referral:${referralId}`, CATALOG_NAMESPACE);

/** Lower-cased text a search box matches against: both languages, the category, the organisation, the places. */
export const searchTextOf = (parts: readonly (string | undefined)[]): string =>
  parts
    .filter((p): p is string => !!p)
    .join(' \u0001 ')
    .toLowerCase();

export const publicServiceOf = (item: ServiceItemDoc, organization: OrganizationDoc): PublicServiceDoc => {
  const category = categoryOf(item.item.category as CategoryCode);
  const places = [...item.item.coverage.towns, ...item.item.coverage.communities];
  return {
    id: item.id,
    organizationId: organization.id,
    organizationName: organization.name,
    county: item.county,
    category: category.code,
    termId: category.termId,
    item: item.item,
    areaCodes: [...new Set(places.flatMap(areaCodesOf))].sort(),
    searchText: searchTextOf([
      item.item.title.zh,
      item.item.title.en,
      item.item.description.zh,
      item.item.description.en,
      category.zh,
      category.en,
      organization.name,
      organization.nameEn,
      ...item.item.eligibility.situations,
      ...item.item.coverage.towns.map((t) => townOf(t)?.name),
      ...item.item.locations.flatMap((l) => [l.name, l.address]),
    ]),
    lastModified: item.lastModified,
    publishedAt: item.publishedAt ?? item.lastModified,
    ...(item.lastConfirmedInUse ? { lastConfirmedInUse: item.lastConfirmedInUse } : {}),
  };
};

export const publicLocationsOf = (service: PublicServiceDoc): PublicLocationDoc[] =>
  service.item.locations.map((location) => {
    const { id: serviceId, ...rest } = service;
    return {
      ...rest,
      id: serviceAtLocationIdOf(serviceId, location.locationId),
      serviceId,
      locationId: location.locationId,
      latitude: location.latitude,
      longitude: location.longitude,
    };
  });
