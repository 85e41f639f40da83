import type { Principal } from '../domain/access';
import { caseStatus, type OpenCaseState } from '../domain/caseState';
import type { CaseHandler } from './caseHandler';
import { ids } from './ids';
import type { HotlineDeps } from './ports';
import {
  checkAction,
  checkCaseId,
  checkClose,
  checkReferral,
  checkReply,
  checkText,
  type TargetInput,
} from './requestValidation';

export type CaseResult = { readonly caseId: string; readonly status: string; readonly version?: number };

/** Handling at the county (县区级处置) and the prefecture's reply and closure. */
export const createCaseApi = (deps: HotlineDeps, cases: CaseHandler) => {
  const now = () => deps.clock().toISOString();
  const by = (p: Principal) => ({ subject: p.subject, role: p.roles.join(','), division: p.division });
  const result = (state: OpenCaseState): CaseResult => ({
    caseId: state.caseId,
    status: caseStatus(state),
  });

  return {
    async assignCase(principal: Principal, caseId: string, county: string, key: string) {
      checkCaseId(caseId);
      const data = { ...(county ? { county } : {}), at: now(), by: by(principal) };
      return result(
        await cases.run(caseId, { type: 'AssignCase', data }, key, {
          principal,
          rpc: 'AssignCase',
          operation: 'assignCase',
        }),
      );
    },
    async acceptCase(principal: Principal, caseId: string, key: string) {
      checkCaseId(caseId);
      const state = await cases.run(caseId, { type: 'AcceptCase', data: { at: now(), by: by(principal) } }, key, {
        principal,
        rpc: 'AcceptCase',
        operation: 'acceptCase',
      });
      return {
        ...result(state),
        late: Boolean(state.clocks.acceptance?.metAt && state.clocks.acceptance.metAt > state.clocks.acceptance.dueAt),
      };
    },
    async recordAction(principal: Principal, caseId: string, kind: string, note: string, key: string) {
      checkCaseId(caseId);
      const action = checkAction(kind, note);
      const data = { actionId: ids.action(caseId, key), ...action, at: now(), by: by(principal) };
      return result(
        await cases.run(caseId, { type: 'RecordAction', data }, key, {
          principal,
          rpc: 'RecordAction',
          operation: 'recordAction',
        }),
      );
    },
    async referCase(principal: Principal, caseId: string, target: TargetInput, note: string, key: string) {
      checkCaseId(caseId);
      const referralId = ids.referral(caseId, key);
      const data = {
        referralId,
        target: checkReferral(target),
        ...(note ? { note } : {}),
        at: now(),
        by: by(principal),
      };
      const state = await cases.run(caseId, { type: 'ReferCase', data }, key, {
        principal,
        rpc: 'ReferCase',
        operation: 'referCase',
      });
      return { ...result(state), referralId };
    },
    async recordReply(principal: Principal, caseId: string, channel: string, summary: string, key: string) {
      checkCaseId(caseId);
      const data = { ...checkReply(channel, summary), at: now(), by: by(principal) };
      return result(
        await cases.run(caseId, { type: 'RecordReply', data }, key, {
          principal,
          rpc: 'RecordReply',
          operation: 'recordReply',
        }),
      );
    },
    async closeCase(principal: Principal, caseId: string, outcome: string, summary: string, key: string) {
      checkCaseId(caseId);
      const data = { ...checkClose(outcome, summary), at: now(), by: by(principal) };
      return result(
        await cases.run(caseId, { type: 'CloseCase', data }, key, {
          principal,
          rpc: 'CloseCase',
          operation: 'closeCase',
        }),
      );
    },
    async reopenCase(principal: Principal, caseId: string, reason: string, key: string) {
      checkCaseId(caseId);
      const data = {
        reason: checkText(reason, 'reason', 'must say why the case is reopened'),
        at: now(),
        by: by(principal),
      };
      return result(
        await cases.run(caseId, { type: 'ReopenCase', data }, key, {
          principal,
          rpc: 'ReopenCase',
          operation: 'reopenCase',
        }),
      );
    },
  };
};
export type CaseApi = ReturnType<typeof createCaseApi>;
