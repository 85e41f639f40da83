import { NotFoundError, PermissionDeniedError, ValidationError, type CommandContext } from '@carebridge/decider';
import type { Page } from '@carebridge/document-store';
import { assertStaff, isOfficerFor, isStaffOf, sourceKindOf } from '../domain/access';
import type { RequestedService, RequestStatus, ServiceRequestCommand } from '../domain/serviceRequest';
import type { Actor } from '../domain/types';
import { streams, type CatalogContext } from './catalogContext';
import { actorOf } from './organizations';
import type { RequestDoc } from './readModels';

type RequestCommand = Extract<ServiceRequestCommand, { type: 'Request' }>;

export type RequesterInput = { name: string; phone?: string; division: string; isChild: boolean; personRef?: string };

export type RequestView = RequestDoc & {
  requester?: { name?: unknown; phone?: unknown; division?: unknown; isChild?: unknown };
  note?: unknown;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Requests for published items, and the organisation's answers; completion confirms the item is in use. */
export const createServiceRequestApi = (ctx: CatalogContext) => {
  /** The item as it stands in the log (not a read model): a retired item is refused even if a view lags. */
  const requestedService = async (serviceId: string): Promise<RequestedService | undefined> => {
    if (!UUID.test(serviceId)) return undefined;
    const item = await ctx.loadService(serviceId);
    if (item.status === 'none') return undefined;
    const organization = await ctx.loadOrganization(item.organizationId);
    return {
      serviceId,
      status: item.status,
      organizationId: item.organizationId,
      county: item.county,
      organizationActive: organization.status === 'active',
    };
  };

  const requestOf = async (requestId: string) => {
    const state = await ctx.loadRequest(requestId);
    if (state.status === 'none') throw new NotFoundError(`request ${requestId} does not exist`);
    const organization = await ctx.loadOrganization(state.organizationId);
    if (organization.status === 'none')
      throw new NotFoundError(`organisation ${state.organizationId} is not registered`);
    return {
      state,
      organization: {
        organizationId: state.organizationId,
        county: organization.county,
        staff: organization.profile.staff,
      },
    };
  };

  const view = async (requestId: string): Promise<RequestDoc> => {
    const doc = await ctx.models.requests.get(requestId);
    if (!doc) throw new NotFoundError(`request ${requestId} does not exist`);
    return doc;
  };

  const submit = async (command: RequestCommand, context: CommandContext) =>
    ctx.handle.request(streams.request(command.requestId), command, context);

  return {
    submit,
    requestedService,

    async request(
      serviceId: string,
      requester: RequesterInput,
      note: string | undefined,
      actor: Actor,
      context: CommandContext,
    ): Promise<RequestDoc> {
      const kind = sourceKindOf(actor);
      if (!serviceId) throw new ValidationError([{ field: 'service_id', description: 'is required' }]);
      // A resident is one stable person; an agency names the person it asks for (an empty person_ref: none given).
      const givenRef = requester.personRef === '' ? undefined : requester.personRef;
      const personRef =
        kind === 'resident'
          ? ctx.personRefOf('resident', actor.subject)
          : (givenRef ?? ctx.personRefOf('agency', requester.name, requester.phone ?? '', requester.division));
      const requestId = ctx.newId();
      await submit(
        {
          type: 'Request',
          requestId,
          serviceId,
          service: await requestedService(serviceId),
          source: { kind, by: actor.subject, ...(kind === 'agency' ? { division: actor.division } : {}) },
          requester: {
            personRef,
            name: requester.name,
            ...(requester.phone ? { phone: requester.phone } : {}),
            division: requester.division,
            isChild: requester.isChild,
          },
          ...(note ? { note } : {}),
          at: ctx.now(),
        },
        { ...context, actor: actorOf(actor) },
      );
      return view(requestId);
    },

    async answer(
      requestId: string,
      answer: 'accept' | 'decline' | 'complete',
      text: string,
      actor: Actor,
      context: CommandContext,
    ): Promise<RequestDoc> {
      const { state, organization } = await requestOf(requestId);
      assertStaff(actor, organization, 'answering a request');
      const at = ctx.now();
      const command: ServiceRequestCommand =
        answer === 'accept'
          ? { type: 'Accept', at, by: actor.subject }
          : answer === 'decline'
            ? { type: 'Decline', reason: text, at, by: actor.subject }
            : { type: 'Complete', ...(text ? { note: text } : {}), at, by: actor.subject };
      const handled = await ctx.handle.request(streams.request(requestId), command, {
        ...context,
        actor: actorOf(actor),
      });
      if (answer === 'complete')
        await confirmUse(state.serviceId, requestId, handled.events.length > 0 ? at : ctx.now());
      return view(requestId);
    },

    /** The organisation, the county and whoever filed it may see a request, with the requester's details opened. */
    async get(requestId: string, actor: Actor): Promise<RequestView> {
      const doc = await view(requestId);
      const { organization } = await requestOf(requestId);
      const allowed =
        isStaffOf(actor, organization) || isOfficerFor(actor, doc.county) || doc.sourceBy === actor.subject;
      if (!allowed)
        throw new PermissionDeniedError(
          `request ${requestId} is for its organisation, the county and whoever filed it`,
        );
      const requested = (await ctx.openedHistory(streams.request(requestId))).find(
        (e) => e.type === 'catalog.ServiceRequested',
      );
      const data = (requested?.data ?? {}) as { requester?: RequestView['requester']; note?: unknown };
      return {
        ...doc,
        ...(data.requester ? { requester: data.requester } : {}),
        ...(data.note !== undefined ? { note: data.note } : {}),
      };
    },

    async list(
      query: { organizationId: string; status?: RequestStatus; pageSize?: number; pageToken?: string },
      actor: Actor,
    ): Promise<Page<RequestDoc>> {
      if (!query.organizationId) throw new ValidationError([{ field: 'organization_id', description: 'is required' }]);
      const organization = await ctx.loadOrganization(query.organizationId);
      if (organization.status === 'none')
        throw new NotFoundError(`organisation ${query.organizationId} is not registered`);
      const org = {
        organizationId: query.organizationId,
        county: organization.county,
        staff: organization.profile.staff,
      };
      if (!isStaffOf(actor, org) && !isOfficerFor(actor, org.county))
        throw new PermissionDeniedError("an organisation's requests are for its staff and the county");
      const filter: Record<string, string> = {
        organizationId: query.organizationId,
        ...(query.status ? { status: query.status } : {}),
      };
      return ctx.models.requests.find(filter, {
        sort: [['requestedAt', -1]],
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- page_size 0 (proto3's unset) means the default as well
        limit: Math.min(Math.max(query.pageSize || 50, 1), 500),
        ...(query.pageToken ? { pageToken: query.pageToken } : {}),
      });
    },
  };

  /** "Last confirmed in use": idempotent per request, so a retried completion confirms once. */
  async function confirmUse(serviceId: string, requestId: string, at: string): Promise<void> {
    await ctx.handle.service(
      streams.service(serviceId),
      { type: 'ConfirmUse', requestId, at },
      { commandId: `confirm-use:${requestId}` },
    );
  }
};

export type ServiceRequestApi = ReturnType<typeof createServiceRequestApi>;
