import { PermissionDeniedError, ValidationError } from '@carebridge/decider';
import type { ApplicationState } from '../domain/application/application';
import { availableFen, type Totals } from '../domain/fund/fund';
import { programmeById } from '../domain/programmes';
import type { ApplicationSummary } from './applicationSummaries';
import type { Call } from './commands';
import type { ReliefContext } from './context';
import { requireJurisdiction, roleOf, staffOf, type Principal } from './principal';

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

export const createReliefQueries = (ctx: ReliefContext) => ({
  /** One application, personal data opened; the read is recorded before anything is returned. */
  async get(principal: Principal, applicationId: string): Promise<{ state: ApplicationState; version: number }> {
    const loaded = await ctx.applications.loadExisting(applicationId);
    const city = loaded.state.form?.city ?? loaded.state.draft?.city ?? ctx.cityOf(loaded.state.draft!.person.division);
    const reader = staffOf(principal, requireJurisdiction(principal, city, ctx.directory));
    await ctx.access.recordRead(reader, 'get', [applicationId]);
    return { state: loaded.state, version: loaded.version };
  },

  /** A page of summaries: caseworkers see their own city only; every listed application is recorded as read. */
  async list(principal: Principal, filter: ListFilter) {
    const role = roleOf(principal, ['relief.caseworker', 'relief.provincial']);
    const ownCity = ctx.cityOf(principal.division);
    if (role === 'relief.caseworker' && filter.city && filter.city !== ownCity) {
      throw new PermissionDeniedError(`${principal.subject} may list only applications of ${ownCity}`);
    }
    const city = role === 'relief.caseworker' ? ownCity : filter.city;
    const query: Record<string, string | { $gte?: string; $lte?: string }> = {};
    if (city) query.city = city;
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
    await ctx.access.recordRead(
      staffOf(principal, role),
      'list',
      page.items.map((s: ApplicationSummary) => s.id),
    );
    return page;
  },

  async fundBalance(principal: Principal, programmeId: string): Promise<FundBalance> {
    roleOf(principal, ['relief.caseworker', 'relief.provincial', 'relief.federation']);
    if (!programmeById(programmeId))
      throw new ValidationError([{ field: 'programme_id', description: `unknown programme ${programmeId}` }]);
    const { state, version } = await ctx.fund.load(programmeId);
    return {
      programmeId,
      total: { contributedFen: state.contributedFen, reservedFen: state.reservedFen, disbursedFen: state.disbursedFen },
      availableFen: availableFen(state),
      cities: [...state.byCity].sort(([a], [b]) => a.localeCompare(b)).map(([city, ledger]) => ({ city, ledger })),
      version,
    };
  },
});

/** Contributions: the provincial federation records any; a city federation only its own. */
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
