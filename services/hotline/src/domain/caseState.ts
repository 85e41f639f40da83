import type {
  EventOf,
  HotlineActionRecorded,
  HotlineCaseAccepted,
  HotlineCaseAssigned,
  HotlineCaseClosed,
  HotlineCaseEscalated,
  HotlineCaseOpened,
  HotlineCasePurged,
  HotlineCaseReferred,
  HotlineCaseReopened,
  HotlineDeadlineBreached,
  HotlineReferralOutcomeRecorded,
  HotlineReplyRecorded,
  ReferralRequested,
} from '@carebridge/event-schema';
import type { Due } from './deadlines';
import type { Scope } from './jurisdictions';
import type { CaseType, Stage, Tier, Urgency } from './vocabulary';

export type CaseEvent =
  | EventOf<typeof HotlineCaseOpened>
  | EventOf<typeof HotlineCaseAssigned>
  | EventOf<typeof HotlineCaseAccepted>
  | EventOf<typeof HotlineActionRecorded>
  | EventOf<typeof HotlineCaseReferred>
  | EventOf<typeof ReferralRequested>
  | EventOf<typeof HotlineReferralOutcomeRecorded>
  | EventOf<typeof HotlineReplyRecorded>
  | EventOf<typeof HotlineCaseClosed>
  | EventOf<typeof HotlineCaseReopened>
  | EventOf<typeof HotlineDeadlineBreached>
  | EventOf<typeof HotlineCaseEscalated>
  | EventOf<typeof HotlineCasePurged>;

export type Child = EventOf<typeof HotlineCaseOpened>['data']['child'];
export type HandlingStatus = 'open' | 'assigned' | 'accepted';
export type Clock = Due & { readonly metAt?: string; readonly breached: boolean };
export type Referral = {
  readonly target: EventOf<typeof HotlineCaseReferred>['data']['target'];
  readonly outcomes: readonly string[];
};

export type OpenCaseState = {
  readonly caseId: string;
  readonly scope: Scope;
  readonly child: Child;
  readonly caseType: CaseType;
  readonly urgency: Urgency;
  readonly handling: HandlingStatus;
  readonly closed: boolean;
  /** When it was last closed: while it is closed, its retention period counts from here. */
  readonly closedAt?: string;
  /** Set once its retention period ran out and its record key was destroyed: nothing more happens to it. */
  readonly purgedAt?: string;
  /** The contacts it was opened from: their records are purged with it. */
  readonly contactIds: readonly string[];
  readonly clocks: Partial<Record<Stage, Clock>>;
  readonly escalatedTo: readonly Tier[];
  readonly replied: boolean;
  readonly actionIds: readonly string[];
  readonly referrals: Readonly<Record<string, Referral>>;
};
export type CaseState = { readonly status: 'none' } | ({ readonly status: 'exists' } & OpenCaseState);

const withClocks = (clocks: OpenCaseState['clocks'], dues: readonly Due[]): OpenCaseState['clocks'] =>
  dues.reduce((acc, d) => ({ ...acc, [d.stage]: { ...d, breached: false } }), clocks);

const meet = (clocks: OpenCaseState['clocks'], stage: Stage, at: string): OpenCaseState['clocks'] => {
  const clock = clocks[stage];
  return clock && !clock.metAt ? { ...clocks, [stage]: { ...clock, metAt: at } } : clocks;
};

export const initialCaseState = (): CaseState => ({ status: 'none' });

/** Where a case stands, as reads and listings name it. */
export const caseStatus = (state: OpenCaseState): HandlingStatus | 'closed' | 'purged' =>
  state.purgedAt ? 'purged' : state.closed ? 'closed' : state.handling;

export const evolveCase = (state: CaseState, event: CaseEvent): CaseState => {
  if (event.type === 'hotline.CaseOpened') {
    const d = event.data;
    return {
      status: 'exists',
      caseId: d.caseId,
      scope: { province: d.province, prefecture: d.prefecture },
      child: d.child,
      caseType: d.caseType,
      urgency: d.urgency,
      handling: 'open',
      closed: false,
      contactIds: d.contactIds,
      clocks: withClocks({}, d.deadlines),
      escalatedTo: [],
      replied: false,
      actionIds: [],
      referrals: {},
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'hotline.CaseAssigned':
      return { ...state, handling: 'assigned', scope: { ...state.scope, county: event.data.county } };
    case 'hotline.CaseAccepted':
      return {
        ...state,
        handling: 'accepted',
        clocks: withClocks(meet(state.clocks, 'acceptance', event.data.acceptedAt), event.data.deadlines),
      };
    case 'hotline.ActionRecorded':
      return {
        ...state,
        actionIds: [...state.actionIds, event.data.actionId],
        clocks: meet(state.clocks, 'firstAction', event.data.at),
      };
    case 'hotline.CaseReferred':
      return {
        ...state,
        referrals: { ...state.referrals, [event.data.referralId]: { target: event.data.target, outcomes: [] } },
        clocks: state.handling === 'accepted' ? meet(state.clocks, 'firstAction', event.data.at) : state.clocks,
      };
    case 'referral.Requested':
      return state;
    case 'hotline.ReferralOutcomeRecorded': {
      const referral = state.referrals[event.data.referralId];
      if (!referral) return state;
      const key = `${event.data.outcome}@${event.data.reportedAt}`;
      return {
        ...state,
        referrals: {
          ...state.referrals,
          [event.data.referralId]: { ...referral, outcomes: [...referral.outcomes, key] },
        },
      };
    }
    case 'hotline.ReplyRecorded':
      return { ...state, replied: true, clocks: meet(state.clocks, 'reply', event.data.at) };
    case 'hotline.CaseClosed':
      return {
        ...state,
        closed: true,
        closedAt: event.data.at,
        clocks: meet(state.clocks, 'resolution', event.data.at),
      };
    case 'hotline.CaseReopened':
      return { ...state, closed: false, replied: false, clocks: withClocks(state.clocks, event.data.deadlines) };
    case 'hotline.CasePurged':
      return { ...state, purgedAt: event.data.purgedAt };
    case 'hotline.DeadlineBreached': {
      const clock = state.clocks[event.data.stage];
      return clock
        ? { ...state, clocks: { ...state.clocks, [event.data.stage]: { ...clock, breached: true } } }
        : state;
    }
    case 'hotline.CaseEscalated':
      return { ...state, escalatedTo: [...state.escalatedTo, event.data.to] };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};
