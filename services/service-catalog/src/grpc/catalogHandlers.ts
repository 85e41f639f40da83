import { ValidationError } from '@carebridge/decider';
import type { CallContext } from '@carebridge/grpc-kit';
import { unary } from '@carebridge/grpc-kit';
import type { ItemStep, createServiceItemApi } from '../application/serviceItems';
import type { createOrganizationApi } from '../application/organizations';
import type { createServiceRequestApi } from '../application/serviceRequests';
import { ROLES } from '../domain/access';
import type { ServiceItemStatus } from '../domain/serviceItem';
import type { RequestStatus } from '../domain/serviceRequest';
import type { Actor } from '../domain/types';
import {
  contactFrom,
  itemFrom,
  organizationMsg,
  profileFrom,
  requestMsg,
  serviceItemMsg,
  type ContactMsg,
  type ItemMsg,
  type ProfileMsg,
} from './messages';

export const CATALOG_GRPC_SERVICE = 'carebridge.catalog.v1.ServiceCatalog';

type Apis = {
  organizations: ReturnType<typeof createOrganizationApi>;
  items: ReturnType<typeof createServiceItemApi>;
  requests: ReturnType<typeof createServiceRequestApi>;
};

const actorOf = (ctx: CallContext): Actor => ({
  subject: ctx.principal.subject,
  roles: ctx.principal.roles,
  division: ctx.principal.division,
});

/** Writes need an idempotency key (metadata or request field): a retry must not act twice. */
const commandOf = (ctx: CallContext) => {
  if (!ctx.commandId)
    throw new ValidationError([
      { field: 'idempotency_key', description: 'is required (metadata idempotency-key or the request field)' },
    ]);
  return { commandId: ctx.commandId, ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}) };
};

const ITEM_STATUSES: readonly ServiceItemStatus[] = ['draft', 'submitted', 'published', 'withdrawn', 'retired'];
const REQUEST_STATUSES: readonly RequestStatus[] = ['requested', 'accepted', 'declined', 'completed'];
const statusOf = <T extends string>(raw: string | undefined, allowed: readonly T[]): T | undefined => {
  if (!raw) return undefined;
  const lower = raw.toLowerCase() as T;
  if (!allowed.includes(lower))
    throw new ValidationError([{ field: 'status', description: `must be one of ${allowed.join(', ').toUpperCase()}` }]);
  return lower;
};

const staffOrOfficer = [ROLES.officer, ROLES.orgStaff];

/** carebridge.catalog.v1.ServiceCatalog on the kit: roles at the door, organisation and county checks inside. */
export const createCatalogGrpcHandlers = ({ organizations, items, requests }: Apis) => {
  const step = (name: ItemStep) =>
    unary(
      async (req: { serviceId: string; reason: string }, ctx: CallContext) =>
        serviceItemMsg(await items.step(req.serviceId, name, req.reason, actorOf(ctx), commandOf(ctx))),
      { roles: staffOrOfficer },
    );
  const answer = (name: 'accept' | 'decline' | 'complete') =>
    unary(
      async (req: { requestId: string; text: string }, ctx: CallContext) =>
        requestMsg(await requests.answer(req.requestId, name, req.text, actorOf(ctx), commandOf(ctx))),
      { roles: [ROLES.orgStaff] },
    );

  return {
    [CATALOG_GRPC_SERVICE]: {
      RegisterOrganization: unary(
        async (req: { creditCode: string; county: string; profile: ProfileMsg | null }, ctx: CallContext) =>
          organizationMsg(
            await organizations.register(
              {
                creditCode: req.creditCode.trim().toUpperCase(),
                county: req.county.trim(),
                profile: profileFrom(req.profile),
              },
              actorOf(ctx),
              commandOf(ctx),
            ),
          ),
        { roles: [ROLES.officer] },
      ),
      UpdateOrganization: unary(
        async (
          req: {
            organizationId: string;
            name?: string | null;
            nameEn?: string | null;
            registrationAuthority?: string | null;
            charterScope?: string | null;
            serviceTowns: string[];
            setServiceTowns: boolean;
            contact: ContactMsg | null;
            setContact: boolean;
            staff: string[];
            setStaff: boolean;
          },
          ctx: CallContext,
        ) => {
          const text = (v: string | null | undefined) => v ?? undefined;
          const changes = {
            name: text(req.name),
            nameEn: text(req.nameEn),
            registrationAuthority: text(req.registrationAuthority),
            charterScope: text(req.charterScope),
            ...(req.setServiceTowns ? { serviceTowns: req.serviceTowns } : {}),
            ...(req.setContact ? { contact: contactFrom(req.contact) } : {}),
            ...(req.setStaff ? { staff: req.staff } : {}),
          };
          return organizationMsg(await organizations.update(req.organizationId, changes, actorOf(ctx), commandOf(ctx)));
        },
        { roles: staffOrOfficer },
      ),
      DeregisterOrganization: unary(
        async (req: { organizationId: string; reason: string }, ctx: CallContext) =>
          organizationMsg(await organizations.deregister(req.organizationId, req.reason, actorOf(ctx), commandOf(ctx))),
        { roles: [ROLES.officer] },
      ),
      GetOrganization: unary(
        async (req: { organizationId: string }) => organizationMsg(await organizations.get(req.organizationId)),
        { roles: 'authenticated' },
      ),

      DraftServiceItem: unary(
        async (req: { organizationId: string; item: ItemMsg | null; serviceId: string }, ctx: CallContext) =>
          serviceItemMsg(
            await items.draft(
              req.organizationId,
              itemFrom(req.item),
              actorOf(ctx),
              commandOf(ctx),
              req.serviceId || undefined,
            ),
          ),
        { roles: [ROLES.orgStaff] },
      ),
      ReviseServiceItem: unary(
        async (req: { serviceId: string; item: ItemMsg | null }, ctx: CallContext) =>
          serviceItemMsg(await items.revise(req.serviceId, itemFrom(req.item), actorOf(ctx), commandOf(ctx))),
        { roles: [ROLES.orgStaff] },
      ),
      SubmitServiceItem: step('submit'),
      ReturnServiceItem: step('return'),
      PublishServiceItem: step('publish'),
      WithdrawServiceItem: step('withdraw'),
      RetireServiceItem: step('retire'),
      GetServiceItem: unary(
        async (req: { serviceId: string }, ctx: CallContext) =>
          serviceItemMsg(await items.get(req.serviceId, actorOf(ctx))),
        { roles: 'authenticated' },
      ),
      ListServiceItems: unary(
        async (
          req: { organizationId: string; county: string; status: string; pageSize: number; pageToken: string },
          ctx: CallContext,
        ) => {
          const status = statusOf(req.status, ITEM_STATUSES);
          const page = await items.list(
            {
              ...(req.organizationId ? { organizationId: req.organizationId } : {}),
              ...(req.county ? { county: req.county } : {}),
              ...(status ? { status } : {}),
              pageSize: req.pageSize,
              ...(req.pageToken ? { pageToken: req.pageToken } : {}),
            },
            actorOf(ctx),
          );
          return { items: page.items.map(serviceItemMsg), nextPageToken: page.nextPageToken ?? '' };
        },
        { roles: staffOrOfficer },
      ),

      RequestService: unary(
        async (
          req: {
            serviceId: string;
            requester: { name: string; phone: string; division: string; isChild: boolean; personRef: string } | null;
            note: string;
          },
          ctx: CallContext,
        ) => {
          const r = req.requester;
          const requester = {
            name: r?.name ?? '',
            ...(r?.phone ? { phone: r.phone } : {}),
            division: r?.division ?? '',
            isChild: r?.isChild ?? false,
            ...(r?.personRef ? { personRef: r.personRef } : {}),
          };
          return requestMsg(
            await requests.request(req.serviceId, requester, req.note || undefined, actorOf(ctx), commandOf(ctx)),
          );
        },
        { roles: [ROLES.resident, ROLES.agency] },
      ),
      AcceptRequest: answer('accept'),
      DeclineRequest: answer('decline'),
      CompleteRequest: answer('complete'),
      GetRequest: unary(
        async (req: { requestId: string }, ctx: CallContext) =>
          requestMsg(await requests.get(req.requestId, actorOf(ctx))),
        { roles: 'authenticated' },
      ),
      ListRequests: unary(
        async (
          req: { organizationId: string; status: string; pageSize: number; pageToken: string },
          ctx: CallContext,
        ) => {
          const status = statusOf(req.status, REQUEST_STATUSES);
          const page = await requests.list(
            {
              organizationId: req.organizationId,
              ...(status ? { status } : {}),
              pageSize: req.pageSize,
              ...(req.pageToken ? { pageToken: req.pageToken } : {}),
            },
            actorOf(ctx),
          );
          return { requests: page.items.map(requestMsg), nextPageToken: page.nextPageToken ?? '' };
        },
        { roles: staffOrOfficer },
      ),
    },
  };
};
