import {
  DomainRuleError,
  NotFoundError,
  PermissionDeniedError,
  ValidationError,
  type CommandContext,
} from '@carebridge/decider';
import type { Page } from '@carebridge/document-store';
import { assertOfficer, assertStaff, assertStaffOrOfficer, isOfficerFor, isStaffOf } from '../domain/access';
import type { ServiceItemCommand, ServiceItemStatus } from '../domain/serviceItem';
import type { Actor, ServiceItemContent } from '../domain/types';
import { streams, type CatalogContext } from './catalogContext';
import { actorOf } from './organizations';
import type { ServiceItemDoc } from './readModels';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type ItemStep = 'submit' | 'return' | 'publish' | 'withdraw' | 'retire';

/** Drafting items from the charter, the county's review, publication, withdrawal and retirement. */
export const createServiceItemApi = (ctx: CatalogContext) => {
  const organizationOf = async (organizationId: string) => {
    const state = await ctx.loadOrganization(organizationId);
    if (state.status === 'none') throw new NotFoundError(`organisation ${organizationId} is not registered`);
    return { organizationId, county: state.county, staff: state.profile.staff, active: state.status === 'active' };
  };
  const itemOf = async (serviceId: string) => {
    const state = await ctx.loadService(serviceId);
    if (state.status === 'none') throw new NotFoundError(`service item ${serviceId} does not exist`);
    return state;
  };
  const view = async (serviceId: string): Promise<ServiceItemDoc> => {
    const doc = await ctx.models.items.get(serviceId);
    if (!doc) throw new NotFoundError(`service item ${serviceId} does not exist`);
    return doc;
  };

  const commandFor = (step: ItemStep, reason: string, by: string): ServiceItemCommand => {
    const at = ctx.now();
    switch (step) {
      case 'submit':
        return { type: 'Submit', at, by };
      case 'return':
        return { type: 'Return', reason, at, by };
      case 'publish':
        return { type: 'Publish', at, by };
      case 'withdraw':
        return { type: 'Withdraw', reason, at, by };
      case 'retire':
        return { type: 'Retire', reason, at, by };
      default: {
        const unreachable: never = step;
        throw new Error(`unknown step ${String(unreachable)}`);
      }
    }
  };

  return {
    /** `serviceId` may be chosen by the caller (a UUID), which makes a retried draft land on the same item. */
    async draft(
      organizationId: string,
      item: ServiceItemContent,
      actor: Actor,
      context: CommandContext,
      chosenId?: string,
    ): Promise<ServiceItemDoc> {
      if (chosenId && !UUID.test(chosenId))
        throw new ValidationError([{ field: 'service_id', description: 'must be a lower-case UUID when given' }]);
      const organization = await organizationOf(organizationId);
      assertStaff(actor, organization, 'drafting a service item');
      // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- an empty service_id (proto3's unset) asks for a new id, as the check above treats it
      const serviceId = chosenId || ctx.newId();
      await ctx.handle.service(
        streams.service(serviceId),
        { type: 'Draft', serviceId, organization, item, at: ctx.now() },
        { ...context, actor: actorOf(actor) },
      );
      return view(serviceId);
    },

    async revise(
      serviceId: string,
      item: ServiceItemContent,
      actor: Actor,
      context: CommandContext,
    ): Promise<ServiceItemDoc> {
      const state = await itemOf(serviceId);
      assertStaff(actor, await organizationOf(state.organizationId), 'revising a service item');
      await ctx.handle.service(
        streams.service(serviceId),
        { type: 'Revise', item, at: ctx.now() },
        { ...context, actor: actorOf(actor) },
      );
      return view(serviceId);
    },

    /** submit: the organisation; return and publish: the county; withdraw and retire: either. */
    async step(
      serviceId: string,
      step: ItemStep,
      reason: string,
      actor: Actor,
      context: CommandContext,
    ): Promise<ServiceItemDoc> {
      const state = await itemOf(serviceId);
      const organization = await organizationOf(state.organizationId);
      if (step === 'submit') assertStaff(actor, organization, 'submitting an item for review');
      else if (step === 'return' || step === 'publish')
        assertOfficer(actor, state.county, `${step === 'publish' ? 'publishing' : 'returning'} an item`);
      else assertStaffOrOfficer(actor, organization, `${step === 'withdraw' ? 'withdrawing' : 'retiring'} an item`);
      if (step === 'publish' && !organization.active)
        throw new DomainRuleError('the organisation is deregistered', 'organization_deregistered', 'organization_id');
      await ctx.handle.service(streams.service(serviceId), commandFor(step, reason, actor.subject), {
        ...context,
        actor: actorOf(actor),
      });
      return view(serviceId);
    },

    /** Staff and the county see every state; anyone else only what is published. */
    async get(serviceId: string, actor: Actor): Promise<ServiceItemDoc> {
      const doc = await view(serviceId);
      if (doc.status === 'published') return doc;
      const organization = await organizationOf(doc.organizationId);
      if (isStaffOf(actor, organization) || isOfficerFor(actor, doc.county)) return doc;
      throw new NotFoundError(`service item ${serviceId} does not exist`);
    },

    /** The organisation's workbench (organizationId) or the county's review queue (county, status 'submitted'). */
    async list(
      query: {
        organizationId?: string;
        county?: string;
        status?: ServiceItemStatus;
        pageSize?: number;
        pageToken?: string;
      },
      actor: Actor,
    ): Promise<Page<ServiceItemDoc>> {
      const filter: Record<string, string> = {};
      if (query.organizationId) {
        const organization = await organizationOf(query.organizationId);
        assertStaffOrOfficer(actor, organization, "listing an organisation's items");
        filter.organizationId = query.organizationId;
      } else {
        const county = query.county ?? actor.division;
        if (!isOfficerFor(actor, county))
          throw new PermissionDeniedError("listing a county's items is for its officer; staff name their organisation");
        filter.county = county;
      }
      if (query.status) filter.status = query.status;
      return ctx.models.items.find(filter, {
        sort: [['lastModified', 1]],
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- page_size 0 (proto3's unset) means the default as well
        limit: Math.min(Math.max(query.pageSize || 50, 1), 500),
        ...(query.pageToken ? { pageToken: query.pageToken } : {}),
      });
    },
  };
};
