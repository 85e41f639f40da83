import { Type, type TObject, type TProperties } from '@sinclair/typebox';
import { defineEvent } from '../defineEvent';
import { personal } from '../personal';

/**
 * Service catalog (德清 社会组织参与基层社会治理服务云清单): social organisations, the service items itemised
 * from their charters, and the requests residents, agencies and other programmes make for published items.
 * Organisations and items are public information; only a requester's name, phone and note are personal.
 */
const ORGANIZATIONS = 'catalog.organizations.v1';
const SERVICES = 'catalog.services.v1';
const REQUESTS = 'catalog.requests.v1';

const strict = <T extends TProperties>(properties: T): TObject<T> =>
  Type.Object(properties, { additionalProperties: false });

// HSDS 3.0 identifiers are UUIDs, so ours are too: the public API serves them unchanged.
const Uuid = Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' });
const At = Type.String({ format: 'date-time' });
const Day = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
const County = Type.String({ pattern: '^[1-9][0-9]{5}$', description: 'GB/T 2260 county code' });
const Town = Type.String({ pattern: '^[1-9][0-9]{8}$', description: 'nine-digit town / street code' });
const Community = Type.String({ pattern: '^[1-9][0-9]{11}$', description: 'twelve-digit community / village code' });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Bilingual = (maxLength: number) => strict({ zh: Text(maxLength), en: Type.Optional(Text(maxLength)) });
const Reason = Type.String({ minLength: 1, maxLength: 500 });

export const CreditCode = Type.String({
  pattern: '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$',
  description: '统一社会信用代码 (GB 32100-2015), check character verified on entry',
});

export const CatalogCategory = Type.Union(
  [
    'education',
    'culture',
    'sport',
    'economy',
    'health',
    'religion',
    'social_services',
    'scientific_research',
    'community_services',
    'other',
  ].map((c) => Type.Literal(c)),
);

const OrganizationContact = strict({
  phone: Type.Optional(Type.String({ maxLength: 30 })),
  email: Type.Optional(Type.String({ maxLength: 200 })),
  website: Type.Optional(Type.String({ maxLength: 300 })),
  address: Type.Optional(Type.String({ maxLength: 300 })),
});

const OrganizationFields = {
  name: Text(200),
  nameEn: Type.Optional(Text(300)),
  registrationAuthority: Text(200),
  charterScope: Text(4000),
  serviceTowns: Type.Array(Town, { minItems: 1 }),
  contact: OrganizationContact,
  /** Accounts (token subjects) that act for the organisation. */
  staff: Type.Array(Text(200)),
};

export const OrganizationRegistered = defineEvent({
  type: 'catalog.OrganizationRegistered',
  version: 1,
  topic: ORGANIZATIONS,
  description: 'The county registered a social organisation in the catalog under its unified social credit code.',
  schema: strict({
    organizationId: Uuid,
    creditCode: CreditCode,
    county: County,
    ...OrganizationFields,
    registeredAt: At,
  }),
});

export const OrganizationUpdated = defineEvent({
  type: 'catalog.OrganizationUpdated',
  version: 1,
  topic: ORGANIZATIONS,
  description: "Some of an organisation's details changed (only the given fields).",
  schema: strict({
    organizationId: Uuid,
    name: Type.Optional(OrganizationFields.name),
    nameEn: OrganizationFields.nameEn,
    registrationAuthority: Type.Optional(OrganizationFields.registrationAuthority),
    charterScope: Type.Optional(OrganizationFields.charterScope),
    serviceTowns: Type.Optional(OrganizationFields.serviceTowns),
    contact: Type.Optional(OrganizationFields.contact),
    staff: Type.Optional(OrganizationFields.staff),
    updatedAt: At,
  }),
});

export const OrganizationDeregistered = defineEvent({
  type: 'catalog.OrganizationDeregistered',
  version: 1,
  topic: ORGANIZATIONS,
  description: 'The organisation left the catalog (deregistered or dissolved); its items leave the public list.',
  schema: strict({ organizationId: Uuid, reason: Reason, at: At }),
});

const Location = strict({
  locationId: Uuid,
  name: Text(200),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  latitude: Type.Number({ minimum: -90, maximum: 90 }),
  longitude: Type.Number({ minimum: -180, maximum: 180 }),
});

const Opening = strict({
  weekday: Type.Integer({ minimum: 1, maximum: 7 }),
  opens: Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$' }),
  closes: Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$' }),
});

/** What an item offers, as the organisation wrote it and the county reviewed it. */
export const ServiceItemBody = strict({
  category: CatalogCategory,
  title: Bilingual(200),
  description: Bilingual(4000),
  eligibility: strict({
    minAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    maxAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    situations: Type.Array(Text(200)),
  }),
  coverage: strict({ towns: Type.Array(Town), communities: Type.Array(Community) }),
  locations: Type.Array(Location),
  schedule: strict({ startDate: Day, endDate: Type.Optional(Day), weekly: Type.Array(Opening) }),
  contact: strict({
    name: Type.Optional(Type.String({ maxLength: 100 })),
    phone: Type.Optional(Type.String({ maxLength: 30 })),
    email: Type.Optional(Type.String({ maxLength: 200 })),
  }),
  capacity: strict({ perMonth: Type.Optional(Type.Integer({ minimum: 1 })) }),
  /** Money in integer fen. */
  cost: strict({
    free: Type.Boolean(),
    amountFen: Type.Optional(Type.Integer({ minimum: 0 })),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  }),
});

export const ServiceDrafted = defineEvent({
  type: 'catalog.ServiceDrafted',
  version: 1,
  topic: SERVICES,
  description: 'An organisation drafted a service item from its charter scope.',
  schema: strict({ serviceId: Uuid, organizationId: Uuid, county: County, item: ServiceItemBody, draftedAt: At }),
});

export const ServiceRevised = defineEvent({
  type: 'catalog.ServiceRevised',
  version: 1,
  topic: SERVICES,
  description: 'The organisation revised a draft, returned or withdrawn item (the whole item, as now written).',
  schema: strict({ serviceId: Uuid, item: ServiceItemBody, revisedAt: At }),
});

const by = Text(200);

export const ServiceSubmitted = defineEvent({
  type: 'catalog.ServiceSubmitted',
  version: 1,
  topic: SERVICES,
  description: "The organisation submitted the item for the county's review.",
  schema: strict({ serviceId: Uuid, at: At, by }),
});

export const ServiceReturned = defineEvent({
  type: 'catalog.ServiceReturned',
  version: 1,
  topic: SERVICES,
  description: 'The county sent the item back to the organisation for changes.',
  schema: strict({ serviceId: Uuid, reason: Reason, at: At, by }),
});

export const ServicePublished = defineEvent({
  type: 'catalog.ServicePublished',
  version: 1,
  topic: SERVICES,
  description: 'The county published the item on the public list and the community map.',
  schema: strict({ serviceId: Uuid, at: At, by }),
});

export const ServiceWithdrawn = defineEvent({
  type: 'catalog.ServiceWithdrawn',
  version: 1,
  topic: SERVICES,
  description: 'The item left the public list for now; it may be revised and submitted again.',
  schema: strict({ serviceId: Uuid, reason: Reason, at: At, by }),
});

export const ServiceRetired = defineEvent({
  type: 'catalog.ServiceRetired',
  version: 1,
  topic: SERVICES,
  description: 'The item ended for good; it can no longer be requested or published.',
  schema: strict({ serviceId: Uuid, reason: Reason, at: At, by }),
});

export const ServiceUseConfirmed = defineEvent({
  type: 'catalog.ServiceUseConfirmed',
  version: 1,
  topic: SERVICES,
  description: 'A completed request showed the item is still delivered ("last confirmed in use").',
  schema: strict({ serviceId: Uuid, requestId: Uuid, at: At }),
});

const requester = <T extends Parameters<typeof personal>[0]>(schema: T) => personal(schema, 'requester');

export const ServiceRequested = defineEvent({
  type: 'catalog.ServiceRequested',
  version: 1,
  topic: REQUESTS,
  description: "A resident, an agency or another programme's referral asked an organisation for a published item.",
  schema: strict({
    requestId: Uuid,
    serviceId: Uuid,
    organizationId: Uuid,
    county: County,
    source: strict({
      kind: Type.Union([Type.Literal('resident'), Type.Literal('agency'), Type.Literal('referral')]),
      /** Who filed it: the resident's or agency worker's account, or the referring programme. */
      by: Text(200),
      referralId: Type.Optional(Text(200)),
      programme: Type.Optional(Type.String({ maxLength: 20 })),
      division: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{5}$' })),
    }),
    requester: strict({
      /** Pseudonymous, stable id of the person (keyed hash): also the key subject that seals the fields below. */
      personRef: Text(200),
      name: requester(Type.String({ minLength: 1, maxLength: 100 })),
      phone: Type.Optional(requester(Type.String({ maxLength: 30 }))),
      division: personal(Type.String({ pattern: '^[1-9][0-9]{5}$' }), 'requester', 'division'),
      isChild: Type.Boolean(),
    }),
    note: Type.Optional(requester(Type.String({ maxLength: 2000 }))),
    requestedAt: At,
  }),
});

export const RequestAccepted = defineEvent({
  type: 'catalog.RequestAccepted',
  version: 1,
  topic: REQUESTS,
  description: 'The organisation accepted the request and will deliver the service.',
  schema: strict({ requestId: Uuid, serviceId: Uuid, at: At, by }),
});

export const RequestDeclined = defineEvent({
  type: 'catalog.RequestDeclined',
  version: 1,
  topic: REQUESTS,
  description: 'The organisation declined the request.',
  schema: strict({ requestId: Uuid, serviceId: Uuid, reason: Reason, at: At, by }),
});

export const RequestCompleted = defineEvent({
  type: 'catalog.RequestCompleted',
  version: 1,
  topic: REQUESTS,
  description: 'The organisation delivered the service.',
  schema: strict({
    requestId: Uuid,
    serviceId: Uuid,
    note: Type.Optional(Type.String({ maxLength: 500 })),
    at: At,
    by,
  }),
});

export const catalogEvents = [
  OrganizationRegistered,
  OrganizationUpdated,
  OrganizationDeregistered,
  ServiceDrafted,
  ServiceRevised,
  ServiceSubmitted,
  ServiceReturned,
  ServicePublished,
  ServiceWithdrawn,
  ServiceRetired,
  ServiceUseConfirmed,
  ServiceRequested,
  RequestAccepted,
  RequestDeclined,
  RequestCompleted,
] as const;
