import { NotFoundError, PermissionDeniedError, ValidationError, type CommandContext } from '@carebridge/decider';
import { assertOfficer, assertStaffOrOfficer, isOfficerFor } from '../domain/access';
import type { Actor, OrganizationProfile } from '../domain/types';
import { validateRegistration } from '../domain/validateOrganization';
import { streams, type CatalogContext } from './catalogContext';
import { organizationIdOf } from './publicDocuments';
import type { OrganizationDoc } from './readModels';

const actorOf = (actor: Actor) => ({
  subject: actor.subject,
  role: actor.roles[0] ?? 'none',
  division: actor.division,
});

/** Registering, updating and deregistering social organisations. */
export const createOrganizationApi = (ctx: CatalogContext) => {
  const current = async (organizationId: string) => {
    const state = await ctx.loadOrganization(organizationId);
    if (state.status === 'none') throw new NotFoundError(`organisation ${organizationId} is not registered`);
    return { ...state, staff: state.profile.staff };
  };
  const view = async (organizationId: string): Promise<OrganizationDoc> => {
    const doc = await ctx.models.organizations.get(organizationId);
    if (!doc) throw new NotFoundError(`organisation ${organizationId} is not registered`);
    return doc;
  };

  return {
    async register(
      input: { creditCode: string; county: string; profile: OrganizationProfile },
      actor: Actor,
      context: CommandContext,
    ): Promise<OrganizationDoc> {
      // Input first: a bad county must read as a bad field, not as a jurisdiction refusal.
      const violations = validateRegistration(input.creditCode, input.county, input.profile);
      if (violations.length > 0) throw new ValidationError(violations);
      assertOfficer(actor, input.county, 'registering an organisation');
      const organizationId = organizationIdOf(input.creditCode);
      await ctx.handle.organization(
        streams.organization(organizationId),
        {
          type: 'Register',
          organizationId,
          creditCode: input.creditCode,
          county: input.county,
          profile: input.profile,
          at: ctx.now(),
        },
        { ...context, actor: actorOf(actor) },
      );
      return view(organizationId);
    },

    async update(
      organizationId: string,
      changes: Partial<OrganizationProfile>,
      actor: Actor,
      context: CommandContext,
    ): Promise<OrganizationDoc> {
      const organization = await current(organizationId);
      assertStaffOrOfficer(actor, organization, 'updating an organisation');
      if (changes.staff !== undefined && !isOfficerFor(actor, organization.county)) {
        throw new PermissionDeniedError('only the county officer changes who acts for an organisation');
      }
      await ctx.handle.organization(
        streams.organization(organizationId),
        { type: 'Update', changes, at: ctx.now() },
        { ...context, actor: actorOf(actor) },
      );
      return view(organizationId);
    },

    async deregister(
      organizationId: string,
      reason: string,
      actor: Actor,
      context: CommandContext,
    ): Promise<OrganizationDoc> {
      const organization = await current(organizationId);
      assertOfficer(actor, organization.county, 'deregistering an organisation');
      await ctx.handle.organization(
        streams.organization(organizationId),
        { type: 'Deregister', reason, at: ctx.now() },
        { ...context, actor: actorOf(actor) },
      );
      return view(organizationId);
    },

    get: view,
  };
};

export { actorOf };
