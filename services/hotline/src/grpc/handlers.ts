import { unary, type CallContext, type ServiceHandlers } from '@carebridge/grpc-kit';
import type { HotlineApplication } from '../application/hotlineApplication';
import { rolesFor, type Operation } from '../domain/access';
import type { RefusalAudit } from './refusalAudit';
import {
  contactInputOf,
  keyOf,
  targetOf,
  withProtoPaths,
  type RecordContactRequest,
  type ReferCaseRequest,
} from './requests';
import { caseResponse, getCaseResponse, summaryMessage } from './responses';

export const HOTLINE_SERVICE = 'carebridge.hotline.v1.HotlineService';

type CaseIdRequest = { caseId: string };

/**
 * The carebridge.hotline.v1 API: roles are the kit's first gate (the tiers that may do the operation at all),
 * the application then checks the case's jurisdiction. Field names in errors follow the .proto.
 */
export const createHotlineHandlers = (app: HotlineApplication, refusals: RefusalAudit): ServiceHandlers => {
  const rpc = <TRequest, TResponse>(
    roles: readonly string[],
    handler: (req: TRequest, ctx: CallContext) => Promise<TResponse>,
  ) =>
    unary<TRequest, TResponse>(
      async (req, ctx) => {
        try {
          return await handler(req, ctx);
        } catch (err) {
          refusals.noteHandled(ctx, err);
          throw withProtoPaths(err);
        }
      },
      { roles },
    );
  const as = (operation: Operation) => rolesFor(operation);
  const statusOf = async (caseId: string) => (await app.caseHandler.summaries.get(caseId))?.status ?? 'open';

  return {
    RecordContact: rpc(as('recordContact'), (req: RecordContactRequest, ctx) =>
      app.contacts.recordContact(ctx.principal, contactInputOf(req, app.deps.clock()), keyOf(ctx)),
    ),
    OpenCase: rpc(as('openCase'), async (req: { contactIds: string[] }, ctx) => {
      const { caseId } = await app.contacts.openCase(ctx.principal, req.contactIds, keyOf(ctx));
      return caseResponse({ caseId, status: await statusOf(caseId) });
    }),
    AssignCase: rpc(as('assignCase'), async (req: CaseIdRequest & { county: string }, ctx) =>
      caseResponse(await app.cases.assignCase(ctx.principal, req.caseId, req.county, keyOf(ctx))),
    ),
    AcceptCase: rpc(as('acceptCase'), async (req: CaseIdRequest, ctx) =>
      caseResponse(await app.cases.acceptCase(ctx.principal, req.caseId, keyOf(ctx))),
    ),
    RecordAction: rpc(as('recordAction'), async (req: CaseIdRequest & { kind: string; note: string }, ctx) =>
      caseResponse(await app.cases.recordAction(ctx.principal, req.caseId, req.kind, req.note, keyOf(ctx))),
    ),
    ReferCase: rpc(as('referCase'), async (req: ReferCaseRequest, ctx) => {
      const { referralId, ...result } = await app.cases.referCase(
        ctx.principal,
        req.caseId,
        targetOf(req),
        req.note,
        keyOf(ctx),
      );
      return { case: caseResponse(result), referralId };
    }),
    RecordReply: rpc(as('recordReply'), async (req: CaseIdRequest & { channel: string; summary: string }, ctx) =>
      caseResponse(await app.cases.recordReply(ctx.principal, req.caseId, req.channel, req.summary, keyOf(ctx))),
    ),
    CloseCase: rpc(as('closeCase'), async (req: CaseIdRequest & { outcome: string; summary: string }, ctx) =>
      caseResponse(await app.cases.closeCase(ctx.principal, req.caseId, req.outcome, req.summary, keyOf(ctx))),
    ),
    ReopenCase: rpc(as('reopenCase'), async (req: CaseIdRequest & { reason: string }, ctx) =>
      caseResponse(await app.cases.reopenCase(ctx.principal, req.caseId, req.reason, keyOf(ctx))),
    ),
    GetCase: rpc(as('readCase'), async (req: CaseIdRequest, ctx) =>
      getCaseResponse(await app.queries.getCase(ctx.principal, req.caseId)),
    ),
    ListCases: rpc(
      as('readCase'),
      async (
        req: {
          division: string;
          status: string;
          caseType: string;
          overdueOnly: boolean;
          pageSize: number;
          pageToken: string;
        },
        ctx,
      ) => {
        const page = await app.queries.listCases(ctx.principal, req);
        return { cases: page.items.map(summaryMessage), nextPageToken: page.nextPageToken ?? '' };
      },
    ),
    EraseChild: rpc(['hotline.supervisor'], async (req: { childRef: string }, ctx) => {
      await app.eraseChild(ctx.principal, req.childRef);
      return { erased: true };
    }),
  };
};
