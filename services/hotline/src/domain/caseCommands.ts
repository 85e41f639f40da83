import type { ContactRecord } from './contact';
import type { ActionKind, By, CloseOutcome, OtherHotline, ReferralProgramme, ReplyChannel } from './vocabulary';

/** Commands on a case. Time always comes in the command: deciders have no clock. */
export type ReferralTarget =
  | { readonly kind: 'hotline'; readonly number: OtherHotline }
  | {
      readonly kind: 'programme';
      readonly programme: ReferralProgramme;
      readonly request: string;
      readonly serviceId?: string;
    };

export type CaseCommand =
  | {
      readonly type: 'OpenCase';
      readonly data: {
        readonly caseId: string;
        readonly contacts: readonly (ContactRecord & { readonly caseId?: string })[];
        readonly at: string;
        readonly by: By;
      };
    }
  | { readonly type: 'AssignCase'; readonly data: { readonly county?: string; readonly at: string; readonly by: By } }
  | { readonly type: 'AcceptCase'; readonly data: { readonly at: string; readonly by: By } }
  | {
      readonly type: 'RecordAction';
      readonly data: {
        readonly actionId: string;
        readonly kind: ActionKind;
        readonly note: string;
        readonly at: string;
        readonly by: By;
      };
    }
  | {
      readonly type: 'ReferCase';
      readonly data: {
        readonly referralId: string;
        readonly target: ReferralTarget;
        readonly note?: string;
        readonly at: string;
        readonly by: By;
      };
    }
  | {
      readonly type: 'RecordReferralOutcome';
      readonly data: {
        readonly referralId: string;
        readonly outcome: string;
        readonly targetRef?: string;
        readonly detail?: string;
        readonly reportedAt: string;
        readonly at: string;
      };
    }
  | {
      readonly type: 'RecordReply';
      readonly data: { readonly channel: ReplyChannel; readonly summary: string; readonly at: string; readonly by: By };
    }
  | {
      readonly type: 'CloseCase';
      readonly data: { readonly outcome: CloseOutcome; readonly summary: string; readonly at: string; readonly by: By };
    }
  | { readonly type: 'ReopenCase'; readonly data: { readonly reason: string; readonly at: string; readonly by: By } }
  | { readonly type: 'CheckDeadlines'; readonly data: { readonly now: string } }
  | {
      readonly type: 'PurgeCase';
      readonly data: { readonly now: string; readonly retentionMinutes: number; readonly ruleVersion: string };
    };
