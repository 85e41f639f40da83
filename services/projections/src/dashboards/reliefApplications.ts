import type { DocumentStore } from '@carebridge/document-store';
import type { Projection } from '@carebridge/projection-runner';
import { num, str } from '../journey/eventFields';
import { sourceOf } from '../runtime/sourcePosition';
import type { TopicNames } from '../topics';

/** One relief application as the fund dashboard counts it (amounts in fen). */
export type ReliefApplicationRow = {
  readonly id: string;
  readonly city?: string;
  readonly standard?: string;
  readonly channel?: string;
  readonly status: 'draft' | 'submitted' | 'approved' | 'rejected' | 'withdrawn' | 'paid';
  readonly approvedFen: number;
  readonly paidFen: number;
  readonly releasedFen: number;
};

type Incoming = { readonly type: string; readonly data: Readonly<Record<string, unknown>> };

const empty = (id: string): ReliefApplicationRow => ({
  id,
  status: 'draft',
  approvedFen: 0,
  paidFen: 0,
  releasedFen: 0,
});

/** Pure: the row after one relief.applications.v1 event. */
export const evolveReliefApplication = (
  current: ReliefApplicationRow | undefined,
  event: Incoming,
): ReliefApplicationRow => {
  const d = event.data;
  const row = current ?? empty(str(d, 'applicationId')!);
  const city = str(d, 'city') ?? str(d, 'form.city') ?? row.city;
  const standard = str(d, 'standard') ?? str(d, 'form.standard') ?? row.standard;
  const located = { ...row, ...(city ? { city } : {}), ...(standard ? { standard } : {}) };
  switch (event.type) {
    case 'relief.ApplicationDrafted':
      return { ...located, channel: 'referral' };
    case 'relief.ApplicationSubmitted':
      return { ...located, status: 'submitted', channel: str(d, 'channel') ?? 'direct' };
    case 'relief.ApplicationApproved':
      return { ...located, status: 'approved', approvedFen: num(d, 'amountFen') ?? 0 };
    case 'relief.DisbursementRecorded':
      return { ...located, status: 'paid', paidFen: row.paidFen + (num(d, 'amountFen') ?? 0) };
    case 'relief.ApplicationRejected':
      return { ...located, status: 'rejected', releasedFen: row.releasedFen + (num(d, 'releasedFen') ?? 0) };
    case 'relief.ApplicationWithdrawn':
      return { ...located, status: 'withdrawn', releasedFen: row.releasedFen + (num(d, 'releasedFen') ?? 0) };
    default:
      return located;
  }
};

export const reliefApplicationRows = (documents: DocumentStore) =>
  documents.collection<ReliefApplicationRow>('dashReliefApplications', { indexes: ['city'] });

export const createReliefFundProjection = (deps: { documents: DocumentStore; topics: TopicNames }): Projection => {
  const rows = reliefApplicationRows(deps.documents);
  return {
    name: 'relief-fund',
    topics: [deps.topics.of('relief.applications.v1')],
    async handle(event, ctx) {
      const applicationId = str(event.data, 'applicationId');
      if (!applicationId || !event.type.startsWith('relief.')) return;
      await rows.applyOnce(applicationId, sourceOf(event, ctx), (current) => evolveReliefApplication(current, event));
    },
    reset: () => rows.deleteAll(),
  };
};
