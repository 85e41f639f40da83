import type { DocumentStore } from '@carebridge/document-store';
import type { EventStore } from '@carebridge/event-store';
import type { DeadlineRules } from '../domain/deadlines';
import type { Jurisdictions } from '../domain/jurisdictions';

/**
 * Sealing of personal fields, one call each way (backed by @carebridge/personal-data). `subjectOf` maps the
 * subject named in the schema (`child`, `person`) to the id of the person whose key seals the field.
 */
export type SubjectIds = (subject: string) => string;
export type PersonalData = {
  seal(type: string, data: Record<string, unknown>, subjectOf: SubjectIds): Promise<Record<string, unknown>>;
  /** Erased fields (key destroyed) come back null; nothing else changes. */
  open(type: string, data: Record<string, unknown>): Promise<Record<string, unknown>>;
  destroySubjectKey(subjectId: string): Promise<void>;
};

export type HotlineDeps = {
  readonly eventStore: EventStore;
  readonly documents: DocumentStore;
  readonly personalData: PersonalData;
  readonly clock: () => Date;
  readonly jurisdictions: Jurisdictions;
  readonly deadlines: DeadlineRules;
  /** The suite's reference of a person with an ID number (@carebridge/identity personRefOf, keyed). */
  readonly childRefOf?: (idNumber: string) => string;
};

export const streams = {
  contact: (contactId: string) => `hotline-contact-${contactId}`,
  case: (caseId: string) => `hotline-case-${caseId}`,
  audit: (target: string) => `hotline-audit-${target}`,
};
