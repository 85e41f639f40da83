import { randomUUID } from 'node:crypto';
import { ValidationError } from '@carebridge/decider';
import type { OrganizationDoc, RequestDoc, ServiceItemDoc } from '../application/readModels';
import type { RequestView } from '../application/serviceRequests';
import type { OrganizationProfile, ServiceItemContent, Violation } from '../domain/types';

/** Proto messages as @carebridge/proto loads them: lowerCamel fields, defaults filled, int64 as strings. */
export type ContactMsg = { phone?: string; email?: string; website?: string; address?: string };
export type ProfileMsg = {
  name?: string;
  nameEn?: string;
  registrationAuthority?: string;
  charterScope?: string;
  serviceTowns?: string[];
  contact?: ContactMsg | null;
  staff?: string[];
};
export type ItemMsg = {
  category?: string;
  title?: { zh?: string; en?: string } | null;
  description?: { zh?: string; en?: string } | null;
  eligibility?: { minAge?: number | null; maxAge?: number | null; situations?: string[] } | null;
  coverage?: { towns?: string[]; communities?: string[] } | null;
  locations?: { locationId?: string; name?: string; address?: string; latitude?: number; longitude?: number }[];
  schedule?: {
    startDate?: string;
    endDate?: string;
    weekly?: { weekday?: number; opens?: string; closes?: string }[];
  } | null;
  contact?: { name?: string; phone?: string; email?: string } | null;
  capacity?: { perMonth?: number | null } | null;
  cost?: { free?: boolean; amountFen?: string; note?: string } | null;
};

const present = (value: string | undefined): string | undefined =>
  value && value.trim() !== '' ? value.trim() : undefined;
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
/** A field read back from opened personal data: its text, or '' when it is absent or erased. */
const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const contactFrom = (msg: ContactMsg | null | undefined): OrganizationProfile['contact'] =>
  defined({
    phone: present(msg?.phone),
    email: present(msg?.email),
    website: present(msg?.website),
    address: present(msg?.address),
  });

export const profileFrom = (msg: ProfileMsg | null | undefined): OrganizationProfile => ({
  name: msg?.name ?? '',
  ...(present(msg?.nameEn) ? { nameEn: present(msg?.nameEn)! } : {}),
  registrationAuthority: msg?.registrationAuthority ?? '',
  charterScope: msg?.charterScope ?? '',
  serviceTowns: msg?.serviceTowns ?? [],
  contact: contactFrom(msg?.contact),
  staff: msg?.staff ?? [],
});

/** The wire form of an item into the domain's; what the wire cannot carry well (fen as text) is checked here. */
export const itemFrom = (msg: ItemMsg | null | undefined): ServiceItemContent => {
  const violations: Violation[] = [];
  const rawFen = present(msg?.cost?.amountFen);
  if (rawFen !== undefined && !/^\d{1,15}$/.test(rawFen))
    violations.push({ field: 'cost.amount_fen', description: 'must be whole fen written as digits' });
  if (violations.length > 0) throw new ValidationError(violations);
  const age = (v: number | null | undefined) => v ?? undefined;
  return {
    category: msg?.category ?? '',
    title: defined({ zh: msg?.title?.zh ?? '', en: present(msg?.title?.en) }),
    description: defined({ zh: msg?.description?.zh ?? '', en: present(msg?.description?.en) }),
    eligibility: defined({
      minAge: age(msg?.eligibility?.minAge),
      maxAge: age(msg?.eligibility?.maxAge),
      situations: msg?.eligibility?.situations ?? [],
    }),
    coverage: { towns: msg?.coverage?.towns ?? [], communities: msg?.coverage?.communities ?? [] },
    locations: (msg?.locations ?? []).map((l) =>
      defined({
        locationId: l.locationId && UUID.test(l.locationId) ? l.locationId : randomUUID(),
        name: l.name ?? '',
        address: present(l.address),
        latitude: l.latitude ?? 0,
        longitude: l.longitude ?? 0,
      }),
    ),
    schedule: defined({
      startDate: msg?.schedule?.startDate ?? '',
      endDate: present(msg?.schedule?.endDate),
      weekly: (msg?.schedule?.weekly ?? []).map((w) => ({
        weekday: w.weekday ?? 0,
        opens: w.opens ?? '',
        closes: w.closes ?? '',
      })),
    }),
    contact: defined({
      name: present(msg?.contact?.name),
      phone: present(msg?.contact?.phone),
      email: present(msg?.contact?.email),
    }),
    capacity: defined({ perMonth: age(msg?.capacity?.perMonth) }),
    cost: defined({
      free: msg?.cost?.free ?? false,
      amountFen: rawFen === undefined ? undefined : Number(rawFen),
      note: present(msg?.cost?.note),
    }),
  };
};

export const organizationMsg = (doc: OrganizationDoc) => ({
  organizationId: doc.id,
  creditCode: doc.creditCode,
  county: doc.county,
  profile: {
    name: doc.name,
    nameEn: doc.nameEn ?? '',
    registrationAuthority: doc.registrationAuthority,
    charterScope: doc.charterScope,
    serviceTowns: doc.serviceTowns,
    contact: doc.contact,
    staff: doc.staff,
  },
  status: doc.status.toUpperCase(),
  registeredAt: doc.registeredAt,
  lastModified: doc.lastModified,
});

const itemMsg = (item: ServiceItemContent) => ({
  ...item,
  title: { zh: item.title.zh, en: item.title.en ?? '' },
  description: { zh: item.description.zh, en: item.description.en ?? '' },
  schedule: { ...item.schedule, endDate: item.schedule.endDate ?? '' },
  cost: {
    free: item.cost.free,
    amountFen: item.cost.amountFen === undefined ? '' : String(item.cost.amountFen),
    note: item.cost.note ?? '',
  },
});

export const serviceItemMsg = (doc: ServiceItemDoc) => ({
  serviceId: doc.id,
  organizationId: doc.organizationId,
  county: doc.county,
  status: doc.status.toUpperCase(),
  item: itemMsg(doc.item),
  lastModified: doc.lastModified,
  publishedAt: doc.publishedAt ?? '',
  lastConfirmedInUse: doc.lastConfirmedInUse ?? '',
});

export const requestMsg = (doc: RequestDoc | RequestView) => {
  const view = doc as RequestView;
  const requester = view.requester;
  return {
    requestId: doc.id,
    serviceId: doc.serviceId,
    organizationId: doc.organizationId,
    status: doc.status.toUpperCase(),
    source: doc.sourceKind.toUpperCase(),
    referralId: doc.referralId ?? '',
    requestedAt: doc.requestedAt,
    lastModified: doc.lastModified,
    ...(requester
      ? {
          requester: {
            name: textOf(requester.name),
            phone: textOf(requester.phone),
            division: textOf(requester.division),
            isChild: requester.isChild === true,
          },
        }
      : {}),
    note: typeof view.note === 'string' ? view.note : '',
  };
};
