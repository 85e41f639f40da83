import type { Static } from '@sinclair/typebox';
import type { ServiceItemBody } from '@carebridge/event-schema';

/** An item's content, exactly as its events carry it. */
export type ServiceItemContent = Static<typeof ServiceItemBody>;

export type OrganizationContact = { phone?: string; email?: string; website?: string; address?: string };

export type OrganizationProfile = {
  name: string;
  nameEn?: string;
  registrationAuthority: string;
  charterScope: string;
  serviceTowns: string[];
  contact: OrganizationContact;
  staff: string[];
};

/** One bad field, named as the gRPC API names it (snake_case, dotted, with [index]). */
export type Violation = { readonly field: string; readonly description: string };

/** Who acts: from the verified token (subject, roles, GB/T 2260 division). */
export type Actor = { readonly subject: string; readonly roles: readonly string[]; readonly division: string };
