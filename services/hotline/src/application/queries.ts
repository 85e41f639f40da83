import { NotFoundError, PermissionDeniedError, ValidationError } from '@carebridge/decider';
import { listingScope, type Principal } from '../domain/access';
import { caseTypes, isOneOf } from '../domain/vocabulary';
import type { Audit } from './audit';
import type { CaseHandler } from './caseHandler';
import type { CaseSummary } from './caseSummary';
import type { HotlineDeps } from './ports';

export type TimelineEntry = {
  readonly version: number;
  readonly type: string;
  readonly at: string;
  readonly by?: string;
  readonly data: Record<string, unknown>;
};
export type ListFilter = {
  division?: string;
  status?: string;
  caseType?: string;
  overdueOnly?: boolean;
  pageSize?: number;
  pageToken?: string;
};

const statuses = ['open', 'assigned', 'accepted', 'closed', 'purged'] as const;

/** Reads. Every case read is audited with the reader's identity, whether allowed or refused. */
export const createQueries = (deps: HotlineDeps, cases: CaseHandler, audit: Audit) => ({
  async getCase(principal: Principal, caseId: string) {
    if (!caseId) throw new ValidationError([{ field: 'case_id', description: 'is required' }]);
    const loaded = await cases.load(caseId);
    if (loaded.state.status === 'none') throw new NotFoundError(`case ${caseId} not found`);
    await cases.check({ principal, rpc: 'GetCase', operation: 'readCase' }, caseId, loaded.state.scope);
    await audit({ target: caseId, rpc: 'GetCase', principal, decision: 'allowed' });
    const summary = await cases.summaries.get(caseId);
    const timeline: TimelineEntry[] = loaded.events.map((e) => ({
      version: e.version,
      type: e.type,
      at: e.recordedAt.toISOString(),
      ...(e.actor ? { by: e.actor.subject } : {}),
      data: e.data,
    }));
    return { state: loaded.state, summary, timeline };
  },

  async listCases(principal: Principal, filter: ListFilter) {
    const violations: { field: string; description: string }[] = [];
    if (filter.status && !isOneOf(statuses, filter.status))
      violations.push({ field: 'status', description: `must be one of ${statuses.join(', ')}` });
    if (filter.caseType && !isOneOf(caseTypes, filter.caseType))
      violations.push({ field: 'case_type', description: `must be one of ${caseTypes.join(', ')}` });
    if (filter.pageSize !== undefined && (filter.pageSize < 0 || filter.pageSize > 500))
      violations.push({ field: 'page_size', description: 'must be 0..500' });
    if (violations.length > 0) throw new ValidationError(violations);
    const own = listingScope(principal, deps.jurisdictions);
    const narrowed = filter.division
      ? (deps.jurisdictions.scopeOf(filter.division) ??
        (deps.jurisdictions.provinces().includes(filter.division)
          ? { province: filter.division, prefecture: '' }
          : undefined))
      : undefined;
    // A listing of a jurisdiction the caller does not cover is refused like any other cross-jurisdiction access.
    const inside =
      own &&
      (!filter.division ||
        (narrowed &&
          (own.field === 'province'
            ? narrowed.province === own.division
            : own.field === 'prefecture'
              ? narrowed.prefecture === own.division
              : narrowed.county === own.division)));
    if (!own || !inside) {
      await audit({
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- an empty division (proto3's unset) is no jurisdiction
        target: `jurisdiction-${filter.division || 'none'}`,
        rpc: 'ListCases',
        principal,
        decision: 'refused',
        reason: "outside the caller's jurisdiction",
      });
      throw new PermissionDeniedError('ListCases is not allowed for this caller on that jurisdiction');
    }
    const where: Record<string, string | boolean> = { [own.field]: own.division };
    if (filter.division && narrowed) {
      const level = narrowed.county ? 'county' : narrowed.prefecture ? 'prefecture' : 'province';
      where[level] = filter.division;
    }
    if (filter.status) where.status = filter.status;
    if (filter.caseType) where.caseType = filter.caseType;
    if (filter.overdueOnly) where.overdue = true;
    return cases.summaries.find(where, {
      sort: [['openedAt', -1]],
      // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- page_size 0 (proto3's unset) means the default as well
      limit: filter.pageSize || 50,
      ...(filter.pageToken ? { pageToken: filter.pageToken } : {}),
    }) as Promise<{ items: CaseSummary[]; nextPageToken?: string }>;
  },
});
export type Queries = ReturnType<typeof createQueries>;
