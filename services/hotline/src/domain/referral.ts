import type { CaseEvent, OpenCaseState } from './caseState';
import type { ReferralTarget } from './caseCommands';

type ProgrammeTarget = Extract<ReferralTarget, { kind: 'programme' }>;

/**
 * The cross-programme hand-off (referrals.v1). The person reference is the child's hotline reference: stable,
 * random, never an ID number, and it names the key the child's fields are sealed with.
 */
export const referralRequested = (
  state: OpenCaseState,
  request: { readonly referralId: string; readonly note?: string; readonly at: string },
  target: ProgrammeTarget,
): CaseEvent => ({
  type: 'referral.Requested',
  data: {
    referralId: request.referralId,
    from: { programme: 'hotline', caseId: state.caseId, division: state.scope.county ?? state.scope.prefecture },
    to: target.programme,
    request: {
      kind: target.request,
      ...(target.serviceId ? { serviceId: target.serviceId } : {}),
      ...(request.note ? { note: request.note } : {}),
    },
    person: {
      personRef: state.child.childRef,
      name: state.child.name,
      ...(state.child.idNumber ? { idNumber: state.child.idNumber } : {}),
      division: state.child.locationDivision,
      isChild: true,
    },
    requestedAt: request.at,
  },
});
