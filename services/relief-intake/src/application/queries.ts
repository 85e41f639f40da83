import { PermissionDeniedError, ValidationError } from '@carebridge/decider';
import type { ApplicationState } from '../domain/application/application';
import { availableFen, type Totals } from '../domain/fund/fund';
import { programmeById } from '../domain/programmes';
import type { ApplicationSummary } from './applicationSummaries';
import type { Call } from './commands';
import type { ReliefContext } from './context';
import {
  assertCovers,
  covers,
  requireJurisdiction,
  roleOf,
  scopeOf,
  staffOf,
  STAFF_ROLES,
  type Principal,
  type ReliefRole,
} from './principal';

export type ListFilter = {
  readonly city?: string;
  readonly status?: string;
  readonly standard?: string;
  readonly submittedFrom?: string;
  readonly submittedTo?: string;
  readonly pageSize?: number;
  readonly pageToken?: string;
};

export type FundBalance = {
  readonly programmeId: string;
  readonly total: Totals;
  readonly availableFen: number;
  readonly cities: readonly { readonly city: string; readonly ledger: Totals }[];
  readonly version: number;
};

export const createReliefQueries = (ctx: ReliefContext) => {
  /** The cities (prefectures) the caller covers: their own, or those of their province; none below a city. */
  const citiesCoveredBy = (principal: Principal, role: ReliefRole): string[] => {
    const scope = scopeOf(principal, role, ctx.directory);
    if (!scope) return [];
    return [scope, ...ctx.directory.childrenOf(scope)].filter(
      (code) => /^\d{4}00$/.test(code) && !code.endsWith('0000') && covers(principal, role, code, ctx.directory),
    );
  };

  return {
    /** One application, personal data opened; the read is recorded before anything is returned. */
    async get(principal: Principal, applicationId: string): Promise<{ state: ApplicationState; version: number }> {
      const loaded = await ctx.applications.loadExisting(applicationId);
      const reader = staffOf(
        principal,
        requireJurisdiction(principal, ctx.divisionOfApplication(loaded.state), ctx.directory),
      );
      await ctx.access.recordRead(reader, 'get', [applicationId]);
      return { state: loaded.state, version: loaded.version };
    },

    /**
     * A page of summaries of the applications the caller could open with get (the same rule, on the same city):
     * a city the caller does not cover is refused (PERMISSION_DENIED); without a city, the caller's cities only
     * (none at all for a caller of another province). Every listed application is recorded as read.
     */
    async list(principal: Principal, filter: ListFilter) {
      const role = filter.city
        ? requireJurisdiction(principal, filter.city, ctx.directory)
        : roleOf(principal, STAFF_ROLES);
      const cities = filter.city ? [filter.city] : citiesCoveredBy(principal, role);
      if (cities.length === 0) return { items: [] as ApplicationSummary[] };
      const query: Record<string, string | { $gte?: string; $lte?: string } | { $in: string[] }> = {};
      query.city = cities.length === 1 ? cities[0]! : { $in: cities };
      if (filter.status) query.status = filter.status;
      if (filter.standard) query.standard = filter.standard;
      if (filter.submittedFrom || filter.submittedTo) {
        query.submittedOn = {
          ...(filter.submittedFrom ? { $gte: filter.submittedFrom } : {}),
          ...(filter.submittedTo ? { $lte: filter.submittedTo } : {}),
        };
      }
      const page = await ctx.summaries.find(query, {
        sort: [['submittedAt', -1]],
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- page_size 0 (proto3's unset) means the default as well
        limit: filter.pageSize || 50,
        ...(filter.pageToken ? { pageToken: filter.pageToken } : {}),
      });
      // The query already holds only covered cities; the rule is applied once more to what is answered.
      const items = page.items.filter((s: ApplicationSummary) => covers(principal, role, s.city, ctx.directory));
      await ctx.access.recordRead(
        staffOf(principal, role),
        'list',
        items.map((s: ApplicationSummary) => s.id),
      );
      return { ...page, items };
    },

    async fundBalance(principal: Principal, programmeId: string): Promise<FundBalance> {
      roleOf(principal, ['relief.caseworker', 'relief.provincial', 'relief.federation']);
      if (!programmeById(programmeId))
        throw new ValidationError([{ field: 'programme_id', description: `unknown programme ${programmeId}` }]);
      const { state, version } = await ctx.fund.load(programmeId);
      return {
        programmeId,
        total: {
          contributedFen: state.contributedFen,
          reservedFen: state.reservedFen,
          disbursedFen: state.disbursedFen,
        },
        availableFen: availableFen(state),
        cities: [...state.byCity].sort(([a], [b]) => a.localeCompare(b)).map(([city, ledger]) => ({ city, ledger })),
        version,
      };
    },
  };
};

/**
 * Contributions: the target is the contributor division (the fund's province or one of its prefectures, as the
 * programme defines it). The caller's division must cover it (the relief jurisdiction rule), so a provincial token
 * of another province or prefecture records nothing; a federation records only its own federation's.
 */
export const createFundCommands = (ctx: ReliefContext) => ({
  async contribute(
    call: Call,
    input: {
      programmeId: string;
      contributionId: string;
      contributorDivision: string;
      amountFen: number;
      receivedOn: string;
      reference?: string;
    },
  ) {
    const role = roleOf(call.principal, ['relief.federation', 'relief.provincial']);
    assertCovers(call.principal, role, input.contributorDivision, ctx.directory);
    const programme = programmeById(input.programmeId);
    if (!programme)
      throw new ValidationError([{ field: 'programme_id', description: `unknown programme ${input.programmeId}` }]);
    const provincial = input.contributorDivision === programme.province;
    if (
      !provincial &&
      !(
        ctx.directory.isWithin(input.contributorDivision, programme.province) &&
        input.contributorDivision.endsWith('00')
      )
    ) {
      throw new ValidationError([
        { field: 'contributor_division', description: `must be ${programme.province} or a prefecture of it` },
      ]);
    }
    if (role === 'relief.federation' && call.principal.division !== input.contributorDivision) {
      throw new PermissionDeniedError(
        `${call.principal.subject} records contributions of ${call.principal.division} only`,
      );
    }
    const by = staffOf(call.principal, role);
    await ctx.fund.execute(
      {
        type: 'Contribute',
        programmeId: input.programmeId,
        contributionId: input.contributionId,
        amountFen: input.amountFen,
        receivedOn: input.receivedOn,
        ...(input.reference ? { reference: input.reference } : {}),
        contributor: { kind: provincial ? 'provincial' : 'city', division: input.contributorDivision },
        at: ctx.clock().toISOString(),
        by,
      },
      call.commandId,
      { subject: by.subject, role: by.role, division: by.division },
    );
  },
});
