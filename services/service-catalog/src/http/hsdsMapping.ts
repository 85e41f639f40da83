import { v5 as uuidV5 } from 'uuid';
import { categories, categoryOf, categoryTaxonomy, type Category, type CategoryCode } from '../domain/categories';
import { townOf } from '../domain/geography';
import { CATALOG_NAMESPACE } from '../application/publicDocuments';
import type { OrganizationDoc, PublicLocationDoc, PublicServiceDoc } from '../application/readModels';

/**
 * Read models → Open Referral HSDS 3.0 objects. Child records (phones, schedules, areas...) get stable UUIDs
 * derived from their parent, as HSDS wants every record identified.
 */
type Json = Record<string, unknown>;

const childId = (kind: string, parentId: string, index: number | string) =>
  uuidV5(`${kind}:${parentId}:${index}`, CATALOG_NAMESPACE);
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const optional = (key: string, value: unknown): Json =>
  value === undefined || value === null || value === '' ? {} : { [key]: value };
const isUrl = (value: string | undefined): value is string => {
  if (!value) return false;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

export const hsdsTaxonomy = (): Json => ({
  id: categoryTaxonomy.id,
  name: categoryTaxonomy.name,
  description: categoryTaxonomy.description,
  uri: categoryTaxonomy.uri,
  version: categoryTaxonomy.version,
});

export const hsdsTaxonomyTerm = (category: Category): Json => ({
  id: category.termId,
  code: category.code,
  name: `${category.zh} ${category.en}`,
  description: `${category.descriptionZh} / ${category.descriptionEn}`,
  taxonomy: categoryTaxonomy.name,
  taxonomy_id: categoryTaxonomy.id,
  language: 'zh',
  term_uri: `${categoryTaxonomy.uri}/${category.code}`,
});

export const hsdsTaxonomyTerms = (): Json[] => categories.map(hsdsTaxonomyTerm);

const eligibilityText = (doc: PublicServiceDoc): string | undefined => {
  const { minAge, maxAge, situations } = doc.item.eligibility;
  const ages =
    minAge !== undefined && maxAge !== undefined
      ? `${minAge}-${maxAge}岁`
      : minAge !== undefined
        ? `${minAge}岁以上`
        : maxAge !== undefined
          ? `${maxAge}岁以下`
          : '';
  const text = [ages, ...situations].filter(Boolean).join('；');
  return text || undefined;
};

const feesText = (doc: PublicServiceDoc): string => {
  const { free, amountFen, note } = doc.item.cost;
  const price = free ? '免费 Free' : `¥${((amountFen ?? 0) / 100).toFixed(2)}`;
  return note ? `${price}（${note}）` : price;
};

/** One-to-one fields of a service: what list endpoints return (compiled/service_list.json). */
export const hsdsServiceSummary = (doc: PublicServiceDoc): Json => ({
  id: doc.id,
  organization_id: doc.organizationId,
  name: doc.item.title.zh,
  ...optional('alternate_name', doc.item.title.en),
  description: doc.item.description.en
    ? `${doc.item.description.zh}\n\n${doc.item.description.en}`
    : doc.item.description.zh,
  ...optional(
    'email',
    doc.item.contact.email && EMAIL.test(doc.item.contact.email) ? doc.item.contact.email : undefined,
  ),
  status: 'active',
  fees_description: feesText(doc),
  ...optional('eligibility_description', eligibilityText(doc)),
  ...optional('minimum_age', doc.item.eligibility.minAge),
  ...optional('maximum_age', doc.item.eligibility.maxAge),
  // "Last confirmed in use" is the date the service was last seen delivered.
  ...optional('assured_date', doc.lastConfirmedInUse?.slice(0, 10)),
  last_modified: doc.lastModified,
});

const categoryAttribute = (doc: PublicServiceDoc): Json => {
  const category = categoryOf(doc.category as CategoryCode);
  return {
    id: childId('attribute', doc.id, category.code),
    link_id: doc.id,
    taxonomy_term_id: category.termId,
    link_type: 'service_category',
    link_entity: 'service',
    taxonomy_term: hsdsTaxonomyTerm(category),
  };
};

const hsdsLocation = (doc: PublicServiceDoc, index: number): Json => {
  const location = doc.item.locations[index]!;
  return {
    id: location.locationId,
    location_type: 'physical',
    organization_id: doc.organizationId,
    name: location.name,
    ...optional('description', location.address),
    latitude: location.latitude,
    longitude: location.longitude,
  };
};

const hsdsSchedules = (doc: PublicServiceDoc): Json[] =>
  doc.item.schedule.weekly.map((slot, i) => ({
    id: childId('schedule', doc.id, i),
    service_id: doc.id,
    valid_from: doc.item.schedule.startDate,
    ...optional('valid_to', doc.item.schedule.endDate),
    freq: 'WEEKLY',
    wkst: 'MO',
    byday: WEEKDAYS[slot.weekday - 1],
    opens_at: slot.opens,
    closes_at: slot.closes,
    timezone: 8,
  }));

/** A fully nested service (compiled/service.json). */
export const hsdsService = (doc: PublicServiceDoc, organization: OrganizationDoc | undefined): Json => ({
  ...hsdsServiceSummary(doc),
  phones: doc.item.contact.phone
    ? [{ id: childId('phone', doc.id, 0), service_id: doc.id, number: doc.item.contact.phone }]
    : [],
  contacts:
    doc.item.contact.name || doc.item.contact.phone
      ? [
          {
            id: childId('contact', doc.id, 0),
            service_id: doc.id,
            ...optional('name', doc.item.contact.name),
            ...optional(
              'email',
              doc.item.contact.email && EMAIL.test(doc.item.contact.email) ? doc.item.contact.email : undefined,
            ),
          },
        ]
      : [],
  schedules: hsdsSchedules(doc),
  service_areas: doc.item.coverage.towns.map((code) => ({
    id: childId('service_area', doc.id, code),
    service_id: doc.id,
    name: townOf(code)?.name ?? code,
    description: `GB/T 2260 ${code}`,
    extent_type: 'other',
  })),
  service_at_locations: doc.item.locations.map((location, i) => ({
    id: childId('sal', doc.id, location.locationId),
    service_id: doc.id,
    location_id: location.locationId,
    location: hsdsLocation(doc, i),
  })),
  languages: [{ id: childId('language', doc.id, 'zh'), service_id: doc.id, name: 'Chinese', code: 'zh' }],
  cost_options:
    doc.item.cost.free || doc.item.cost.amountFen === undefined
      ? []
      : [
          {
            id: childId('cost', doc.id, 0),
            service_id: doc.id,
            currency: 'CNY',
            amount: doc.item.cost.amountFen / 100,
            ...optional('amount_description', doc.item.cost.note),
          },
        ],
  attributes: [categoryAttribute(doc)],
  ...(organization ? { organization: hsdsOrganizationSummary(organization) } : {}),
});

/** One-to-one fields of an organisation (compiled/organization_list.json). */
export const hsdsOrganizationSummary = (doc: OrganizationDoc): Json => ({
  id: doc.id,
  name: doc.name,
  ...optional('alternate_name', doc.nameEn),
  description: doc.charterScope,
  ...optional('email', doc.contact.email && EMAIL.test(doc.contact.email) ? doc.contact.email : undefined),
  ...optional('website', isUrl(doc.contact.website) ? doc.contact.website : undefined),
  legal_status: `社会组织，登记管理机关：${doc.registrationAuthority}`,
});

/** An organisation with its identifiers, phones and its published services (compiled/organization.json). */
export const hsdsOrganization = (doc: OrganizationDoc, services: readonly PublicServiceDoc[]): Json => ({
  ...hsdsOrganizationSummary(doc),
  organization_identifiers: [
    {
      id: childId('identifier', doc.id, 'uscc'),
      organization_id: doc.id,
      identifier_type: '统一社会信用代码 Unified Social Credit Code',
      identifier: doc.creditCode,
    },
  ],
  phones: doc.contact.phone
    ? [{ id: childId('phone', doc.id, 0), organization_id: doc.id, number: doc.contact.phone }]
    : [],
  services: services.map(hsdsServiceSummary),
});

/** One published item at one place (compiled/service_at_location_list.json; with `full`, service_at_location.json). */
export const hsdsServiceAtLocation = (doc: PublicLocationDoc, full: boolean): Json => {
  const service: PublicServiceDoc = { ...doc, id: doc.serviceId };
  const index = doc.item.locations.findIndex((l) => l.locationId === doc.locationId);
  return {
    id: doc.id,
    service_id: doc.serviceId,
    location_id: doc.locationId,
    location: hsdsLocation(service, Math.max(0, index)),
    service: hsdsServiceSummary(service),
    ...(full ? { schedules: hsdsSchedules(service), attributes: [categoryAttribute(service)] } : {}),
  };
};

/** The community map (社区数字一张图): one point per published item and place. */
export const geoJsonFeature = (doc: PublicLocationDoc): Json => {
  const category = categoryOf(doc.category as CategoryCode);
  return {
    type: 'Feature',
    id: doc.id,
    geometry: { type: 'Point', coordinates: [doc.longitude, doc.latitude] },
    properties: {
      service_id: doc.serviceId,
      location_id: doc.locationId,
      organization_id: doc.organizationId,
      organization: doc.organizationName,
      name: doc.item.title.zh,
      ...optional('name_en', doc.item.title.en),
      category: category.code,
      category_name: `${category.zh} ${category.en}`,
      taxonomy_term_id: category.termId,
      place: doc.item.locations.find((l) => l.locationId === doc.locationId)?.name,
      last_modified: doc.lastModified,
    },
  };
};
