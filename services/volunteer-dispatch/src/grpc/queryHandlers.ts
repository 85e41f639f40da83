import { countiesWithin } from '@carebridge/divisions';
import { parsePageRequest, unary, type CallContext } from '@carebridge/grpc-kit';
import type { Filter } from '@carebridge/document-store';
import type { DispatchApplication } from '../application/dispatchApplication';
import type { OrderCard } from '../application/orderBoard';
import type { OrderStatus } from '../domain/order';
import type { Violation } from '../domain/validation';
import { assertDistrict, ROLES } from './access';
import { failIfAny } from './requests';
import { fromTimestamp, orderFromCard, type Timestamp } from './wire';

const { dispatcher, communityWorker, volunteer } = ROLES;
const statuses: readonly OrderStatus[] = ['open', 'offered', 'accepted', 'in_progress', 'completed', 'cancelled'];

type ListOrdersRequest = {
  community: string;
  statuses: string[];
  placedBefore: Timestamp | null;
  unfilledOnly: boolean;
  overdueOnly: boolean;
  pageSize: number;
  pageToken: string;
};

const page = (
  req: { pageSize: number; pageToken: string },
  violations: Violation[],
  field = 'statuses',
  given: string[] = [],
) => {
  given.forEach((s, i) => {
    if (!(statuses as readonly string[]).includes(s))
      violations.push({ field: `${field}[${i}]`, description: `must be one of ${statuses.join(', ')}` });
  });
  const paging = parsePageRequest(req);
  if ('violations' in paging) violations.push(...paging.violations);
  failIfAny(violations);
  return paging as Exclude<typeof paging, { violations: unknown }>;
};

const reply = (items: readonly OrderCard[], nextPageToken?: string) => ({
  orders: items.map(orderFromCard),
  nextPageToken: nextPageToken ?? '',
});

/** The dispatcher's board (by community, status and age; unfilled; overdue) and a volunteer's own offers and tasks. */
export const queryHandlers = (app: DispatchApplication) => {
  const { board } = app;

  const listOrders = async (req: ListOrdersRequest, call: CallContext) => {
    const violations: Violation[] = [];
    if (req.community && !app.directory.has(req.community))
      violations.push({ field: 'community', description: `community ${req.community} does not exist` });
    const paging = page(req, violations, 'statuses', req.statuses);
    // Staff see their own district only: one community of it, or all of its counties.
    if (req.community) assertDistrict(call.principal, req.community);
    const filter: Record<string, Filter[string]> = req.community
      ? { community: req.community }
      : { county: { $in: [...countiesWithin(call.principal.division)] } };
    if (req.statuses.length > 0) filter.status = { $in: req.statuses };
    if (req.placedBefore) filter.placedAt = { $lt: fromTimestamp(req.placedBefore) };
    await app.catchUp(); // read your own writes
    if (req.overdueOnly)
      return reply((await board.overdue(app.clock(), filter)).filter((c) => !req.unfilledOnly || c.unfilled));
    if (req.unfilledOnly) {
      filter.unfilled = true;
      filter.status = 'open';
    }
    const found = await board.find(filter, {
      sort: [['placedAt', 1]],
      limit: paging.limit,
      ...(paging.pageToken ? { pageToken: paging.pageToken } : {}),
    });
    return reply(found.items, found.nextPageToken);
  };

  /** Only the caller's own: the filter is their subject, whatever they ask for. */
  const listMyTasks = async (req: { statuses: string[]; pageSize: number; pageToken: string }, call: CallContext) => {
    const paging = page(req, [], 'statuses', req.statuses);
    const filter: Record<string, Filter[string]> = { assigneeId: call.principal.subject };
    if (req.statuses.length > 0) filter.status = { $in: req.statuses };
    await app.catchUp();
    const found = await board.find(filter, {
      sort: [['windowStart', 1]],
      limit: paging.limit,
      ...(paging.pageToken ? { pageToken: paging.pageToken } : {}),
    });
    return reply(found.items, found.nextPageToken);
  };

  return {
    ListOrders: unary(listOrders, { roles: [dispatcher, communityWorker] }),
    ListMyTasks: unary(listMyTasks, { roles: [volunteer] }),
  };
};
