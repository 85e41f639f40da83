import { ValidationError } from '@carebridge/decider';
import * as divisions from '@carebridge/divisions';
import { unary, type CallContext, type UnaryMethod } from '@carebridge/grpc-kit';
import type { Call, ReliefCommands } from '../application/commands';
import type { createFundCommands, createReliefQueries } from '../application/queries';
import { applicationMessage, fundBalanceMessage, summaryMessage } from './messages';
import * as parse from './requests';
import { createChecks } from './validation';

type Deps = {
  readonly commands: ReliefCommands;
  readonly queries: ReturnType<typeof createReliefQueries>;
  readonly fund: ReturnType<typeof createFundCommands>;
};

type Checks = ReturnType<typeof createChecks>;

const STAFF = ['relief.caseworker', 'relief.provincial'] as const;
const REFERRERS = [...STAFF, 'relief.federation'] as const;
const FEDERATIONS = ['relief.federation', 'relief.provincial'] as const;

/** Reads the request, and for writes the idempotency key; throws ONE ValidationError naming every bad field. */
const checked = <T>(ctx: CallContext, write: boolean, read: (c: Checks) => T): { input: T; call: Call } => {
  const c = createChecks(divisions);
  const input = read(c);
  if (write && !ctx.commandId)
    c.bad(
      'idempotency_key',
      'is required for writes: send metadata idempotency-key (one UUID per intent, reused on retries)',
    );
  c.done();
  return { input, call: { principal: ctx.principal, commandId: ctx.commandId ?? '' } };
};

type Ref = { applicationId?: string };

/**
 * The carebridge.relief.v1.ReliefIntake table. Roles are checked by the kit; jurisdiction by the application
 * layer with one rule (application/principal.ts: the caller's division, a caseworker's city, must cover the
 * target): the application's city, the city a submission or referral puts it in, the contributor division, and
 * for lists the cities answered. Reads go through queries that record who read what before answering.
 */
export const createReliefIntakeHandlers = ({
  commands,
  queries,
  fund,
}: Deps): Record<string, UnaryMethod<never, unknown>> => {
  const onApplication = <R extends Ref, T>(
    read: (c: Checks, req: R) => T,
    act: (call: Call, id: string, input: T) => ReturnType<ReliefCommands['assess']>,
  ) =>
    unary(
      async (req: R, ctx: CallContext) => {
        const { input, call } = checked(ctx, true, (c) => ({ id: parse.applicationIdOf(c, req), value: read(c, req) }));
        const done = await act(call, input.id, input.value);
        return applicationMessage(done.state, done.version);
      },
      { roles: STAFF },
    );

  const methods = {
    SubmitApplication: unary(
      async (req: Parameters<typeof parse.parseSubmit>[1], ctx: CallContext) => {
        const { input, call } = checked(ctx, true, (c) => parse.parseSubmit(c, req));
        const done = await commands.submit(call, input);
        return applicationMessage(done.state, done.version);
      },
      { roles: STAFF },
    ),

    ReferPerson: unary(
      async (req: parse.ReferMessage, ctx: CallContext) => {
        const { input, call } = checked(ctx, true, (c) => parse.parseRefer(c, req));
        const done = await commands.refer(call, input);
        return applicationMessage(done.state, done.version);
      },
      { roles: REFERRERS },
    ),

    CompleteDraft: onApplication(
      (c, req: Ref & Parameters<typeof parse.parseSubmit>[1]) => parse.parseSubmit(c, req).form,
      (call, id, form) => commands.completeDraft(call, id, form),
    ),
    RecordGovernmentRelief: onApplication(
      (c, req: Ref & Parameters<typeof parse.parseGovernmentRelief>[1]) => parse.parseGovernmentRelief(c, req),
      (call, id, v) => commands.recordGovernmentRelief(call, id, v),
    ),
    AssessApplication: onApplication(
      () => undefined,
      (call, id) => commands.assess(call, id),
    ),
    Approve: onApplication(
      () => undefined,
      (call, id) => commands.approve(call, id),
    ),
    Reject: onApplication(
      (c, req: Ref & { reason?: string }) => c.text('reason', req.reason, { required: true, max: 2000 }) ?? '',
      (call, id, reason) => commands.close(call, id, 'rejected', reason),
    ),
    RequestInformation: onApplication(
      (c, req: Ref & { requested?: string }) => c.text('requested', req.requested, { required: true, max: 2000 }) ?? '',
      (call, id, requested) => commands.requestInformation(call, id, requested),
    ),
    RecordDisbursement: onApplication(
      (c, req: Ref & Parameters<typeof parse.parseDisbursement>[1]) => parse.parseDisbursement(c, req),
      (call, id, payment) => commands.disburse(call, id, payment),
    ),
    Withdraw: onApplication(
      (c, req: Ref & { reason?: string }) => c.text('reason', req.reason, { max: 2000 }),
      (call, id, reason) => commands.close(call, id, 'withdrawn', reason),
    ),

    GetApplication: unary(
      async (req: Ref, ctx: CallContext) => {
        const { input } = checked(ctx, false, (c) => parse.applicationIdOf(c, req));
        const read = await queries.get(ctx.principal, input);
        return applicationMessage(read.state, read.version);
      },
      { roles: STAFF },
    ),

    ListApplications: unary(
      async (req: Parameters<typeof parse.parseList>[1], ctx: CallContext) => {
        const { input } = checked(ctx, false, (c) => parse.parseList(c, req));
        try {
          const page = await queries.list(ctx.principal, input);
          return { applications: page.items.map(summaryMessage), nextPageToken: page.nextPageToken ?? '' };
        } catch (error) {
          // A token from another filter or another store is the caller's mistake, named as such.
          if ((error as Error).name === 'InvalidQueryError')
            throw new ValidationError([{ field: 'page_token', description: (error as Error).message }]);
          throw error;
        }
      },
      { roles: STAFF },
    ),

    ContributeToFund: unary(
      async (req: Parameters<typeof parse.parseContribution>[1], ctx: CallContext) => {
        const { input, call } = checked(ctx, true, (c) => parse.parseContribution(c, req));
        await fund.contribute(call, input);
        return fundBalanceMessage(await queries.fundBalance(ctx.principal, input.programmeId));
      },
      { roles: FEDERATIONS },
    ),

    GetFundBalance: unary(
      async (req: { programmeId?: string }, ctx: CallContext) => {
        const { input } = checked(ctx, false, (c) => parse.parseFundBalance(c, req));
        return fundBalanceMessage(await queries.fundBalance(ctx.principal, input));
      },
      { roles: REFERRERS },
    ),
  };
  return methods;
};
