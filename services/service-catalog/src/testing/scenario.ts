import { ROLES } from '../domain/access';
import { creditCode, DEQING, item, profile, WUKANG, XINSHI } from '../domain/testing/fixtures';
import type { Actor, ServiceItemContent } from '../domain/types';
import type { Catalog } from '../catalog';

export const officer: Actor = { subject: 'officer-deqing', roles: [ROLES.officer], division: DEQING };
export const staffOf = (subject: string): Actor => ({ subject, roles: [ROLES.orgStaff], division: DEQING });
export const resident: Actor = { subject: 'resident-1', roles: [ROLES.resident], division: DEQING };

let n = 0;
export const key = (what: string) => `${what}-${++n}-${Date.now()}`;

/** Registers an organisation with one staff account and returns its id and staff actor. */
export const registerOrganization = async (service: Catalog, code: string, name: string, towns = [WUKANG]) => {
  const staff = staffOf(`staff-${code}`);
  const org = await service.organizations.register(
    {
      creditCode: creditCode(code),
      county: DEQING,
      profile: profile({ name, nameEn: undefined, serviceTowns: towns, staff: [staff.subject] }),
    },
    officer,
    { commandId: key('register') },
  );
  return { organizationId: org.id, staff };
};

/** Drafts, submits and (unless told otherwise) publishes an item; returns its id. */
export const publishItem = async (
  service: Catalog,
  org: { organizationId: string; staff: Actor },
  content: ServiceItemContent,
  until: 'draft' | 'submitted' | 'published' = 'published',
) => {
  const drafted = await service.items.draft(org.organizationId, content, org.staff, { commandId: key('draft') });
  if (until === 'draft') return drafted.id;
  await service.items.step(drafted.id, 'submit', '', org.staff, { commandId: key('submit') });
  if (until === 'submitted') return drafted.id;
  await service.items.step(drafted.id, 'publish', '', officer, { commandId: key('publish') });
  return drafted.id;
};

export const at = (latitude: number, longitude: number, name: string, locationId: string) => ({
  locationId,
  name,
  latitude,
  longitude,
});
export { item, WUKANG, XINSHI, DEQING };
