import type { DocumentCollection, DocumentStore } from '@carebridge/document-store';
import type { ApplicationStatus } from '../domain/application/application';
import { chinaDateOf } from '../domain/money';

/** The list view: no personal data, so listing never needs a key and a list page leaks nobody. */
export type ApplicationSummary = {
  readonly id: string;
  readonly programmeId: string;
  readonly status: ApplicationStatus;
  readonly city: string;
  readonly standard: string;
  readonly decision: string;
  readonly amountFen: number;
  readonly submittedAt: string;
  /** China-time calendar date of submission, for date-range filters. */
  readonly submittedOn: string;
  readonly updatedAt: string;
};

type SourceEvent = {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly streamId: string;
  readonly version: number;
};

const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Pure: the summary after one event (reads only fields that are never sealed). */
export const summarise = (
  current: ApplicationSummary | undefined,
  event: SourceEvent,
): ApplicationSummary | undefined => {
  const d = event.data;
  const at = (key: string) => str(d[key]);
  const base: ApplicationSummary = current ?? {
    id: str(d.applicationId),
    programmeId: str(d.programmeId),
    status: 'draft',
    city: '',
    standard: '',
    decision: '',
    amountFen: 0,
    submittedAt: '',
    submittedOn: '',
    updatedAt: '',
  };
  switch (event.type) {
    case 'relief.ApplicationDrafted':
      return {
        ...base,
        status: 'draft',
        city: at('city'),
        standard: at('requestedStandard'),
        updatedAt: at('draftedAt'),
      };
    case 'relief.ApplicationSubmitted': {
      const form = d.form as { city: string; standard: string };
      return {
        ...base,
        status: 'submitted',
        city: form.city,
        standard: form.standard,
        submittedAt: at('submittedAt'),
        submittedOn: chinaDateOf(at('submittedAt')),
        updatedAt: at('submittedAt'),
      };
    }
    case 'relief.ApplicationAmended': {
      const form = d.form as { city: string; standard: string };
      return {
        ...base,
        status: 'submitted',
        city: form.city,
        standard: form.standard,
        decision: '',
        amountFen: 0,
        updatedAt: at('amendedAt'),
      };
    }
    case 'relief.GovernmentReliefRecorded':
      return { ...base, status: base.status === 'assessed' ? 'submitted' : base.status, updatedAt: at('recordedAt') };
    case 'relief.ApplicationAssessed':
      return {
        ...base,
        status: 'assessed',
        decision: at('decision'),
        amountFen: d.amountFen as number,
        updatedAt: at('assessedAt'),
      };
    case 'relief.ApplicationApproved':
      return { ...base, status: 'approved', amountFen: d.amountFen as number, updatedAt: at('at') };
    case 'relief.ApplicationRejected':
      return { ...base, status: 'rejected', updatedAt: at('at') };
    case 'relief.InformationRequested':
      return { ...base, status: 'info_requested', updatedAt: at('at') };
    case 'relief.DisbursementRecorded':
      return { ...base, status: 'disbursed', updatedAt: at('at') };
    case 'relief.ApplicationWithdrawn':
      return { ...base, status: 'withdrawn', updatedAt: at('at') };
    default:
      return current;
  }
};

export const applicationSummaries = (documents: DocumentStore): DocumentCollection<ApplicationSummary> =>
  documents.collection<ApplicationSummary>('relief_application_summaries', {
    indexes: ['city', 'status', 'standard', 'submittedOn'],
  });

/** Applies one stored event to the list view, at most once (safe to call inline and again from a rebuild). */
export const projectSummary = async (
  collection: DocumentCollection<ApplicationSummary>,
  event: SourceEvent,
): Promise<void> => {
  if (
    !event.type.startsWith('relief.Application') &&
    !['relief.GovernmentReliefRecorded', 'relief.InformationRequested', 'relief.DisbursementRecorded'].includes(
      event.type,
    )
  )
    return;
  if (event.type === 'relief.ApplicationsRead') return;
  const id = str(event.data.applicationId);
  await collection.applyOnce(id, { stream: event.streamId, version: event.version }, (current) =>
    summarise(current, event),
  );
};
