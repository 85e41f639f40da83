import type { DocumentStore } from '@carebridge/document-store';
import type { Projection } from '@carebridge/projection-runner';
import { str } from '../journey/eventFields';
import { sourceOf } from '../runtime/sourcePosition';
import type { TopicNames } from '../topics';

/** One referral through referred → applied → approved → paid, with the time each stage was reached. */
export type ReferralRow = {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** Division of the referring case: whose jurisdiction the referral counts in. */
  readonly division: string;
  readonly referredAt: string;
  readonly appliedAt?: string;
  readonly approvedAt?: string;
  readonly paidAt?: string;
  /** declined | rejected | withdrawn when it ended without help. */
  readonly closedAs?: string;
  readonly targetRef?: string;
};

type Incoming = { readonly type: string; readonly data: Readonly<Record<string, unknown>> };

type Stage = 'appliedAt' | 'approvedAt' | 'paidAt';

/** What each reported outcome means for the funnel; `received` is only an acknowledgement. */
const STAGE_OF: Record<string, Stage | 'closed' | undefined> = {
  received: undefined,
  accepted: 'appliedAt',
  in_progress: 'appliedAt',
  approved: 'approvedAt',
  paid: 'paidAt',
  completed: 'paidAt',
  declined: 'closed',
  rejected: 'closed',
  withdrawn: 'closed',
};

/** Pure: the row after one referrals.v1 event. Reports keep the first time a stage was reached. */
export const evolveReferral = (row: ReferralRow | undefined, event: Incoming): ReferralRow | undefined => {
  const d = event.data;
  if (event.type === 'referral.Requested') {
    return {
      ...row,
      id: str(d, 'referralId')!,
      from: str(d, 'from.programme')!,
      to: str(d, 'to')!,
      division: str(d, 'from.division')!,
      referredAt: str(d, 'requestedAt')!,
    };
  }
  if (event.type !== 'referral.OutcomeReported' || !row) return row;
  const at = str(d, 'reportedAt')!;
  const stage = STAGE_OF[str(d, 'outcome') ?? ''];
  const withRef = { ...row, ...(str(d, 'targetRef') ? { targetRef: str(d, 'targetRef')! } : {}) };
  if (!stage) return withRef;
  if (stage === 'closed') return { ...withRef, closedAs: str(d, 'outcome')! };
  // A later stage implies the earlier ones (a programme may report approval without an "applied" step).
  const order: Stage[] = ['appliedAt', 'approvedAt', 'paidAt'];
  return order
    .slice(0, order.indexOf(stage) + 1)
    .reduce<ReferralRow>((r, s) => (r[s] ? r : { ...r, [s]: at }), withRef);
};

export const referralRows = (documents: DocumentStore) =>
  documents.collection<ReferralRow>('dashReferrals', { indexes: ['to'] });

export const createReferralConversionProjection = (deps: {
  documents: DocumentStore;
  topics: TopicNames;
}): Projection => {
  const rows = referralRows(deps.documents);
  return {
    name: 'referral-conversion',
    topics: [deps.topics.of('referrals.v1')],
    async handle(event, ctx) {
      const referralId = str(event.data, 'referralId');
      if (!referralId || !event.type.startsWith('referral.')) return;
      await rows.applyOnce(referralId, sourceOf(event, ctx), (current) => evolveReferral(current, event));
    },
    reset: () => rows.deleteAll(),
  };
};
