import type { DocumentCollection, DocumentStore } from '@carebridge/document-store';
import type { EventRegistry } from '@carebridge/event-schema';
import type { PersonalDataCipher } from '@carebridge/personal-data';
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
  /**
   * The applicant's person reference, for a person's data export (a pseudonym; sealed in the events because a
   * reference of an ID number is, so it is read from the opened event). Kept after erasure, so the export can say
   * the record is erased.
   */
  readonly personRef?: string;
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
    indexes: ['city', 'status', 'standard', 'submittedOn', 'personRef'],
  });

/** The person reference an event names (drafts: the referred person; forms: the applicant), opened; else undefined. */
export type PersonRefIn = (event: SourceEvent) => Promise<string | undefined>;

export const personRefIn =
  (cipher: Pick<PersonalDataCipher, 'openPersonalFields'>, registry: EventRegistry): PersonRefIn =>
  async (event) => {
    if (!['relief.ApplicationDrafted', 'relief.ApplicationSubmitted', 'relief.ApplicationAmended'].includes(event.type))
      return undefined;
    const { data } = await cipher.openPersonalFields(registry, event.type, event.data);
    const ref =
      (data.form as { personRef?: unknown } | undefined)?.personRef ??
      (data.person as { personRef?: unknown } | undefined)?.personRef;
    return typeof ref === 'string' && ref ? ref : undefined;
  };

/** Applies one stored event to the list view, at most once (safe to call inline and again from a rebuild). */
export const projectSummary = async (
  collection: DocumentCollection<ApplicationSummary>,
  event: SourceEvent,
  personRefOf: PersonRefIn,
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
  // An erased person's reference no longer opens: the one recorded before stays.
  const personRef = await personRefOf(event);
  await collection.applyOnce(id, { stream: event.streamId, version: event.version }, (current) => {
    const next = summarise(current, event);
    return next && personRef ? { ...next, personRef } : next;
  });
};
