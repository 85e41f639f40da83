import type { DocumentStore } from '@carebridge/document-store';
import type { EventStore, RecordedEvent } from '@carebridge/event-store';
import type { KeySubject } from '@carebridge/personal-data';
import type { DeadlineRules } from '../domain/deadlines';
import type { Jurisdictions } from '../domain/jurisdictions';
import type { RetentionRule } from '../domain/retention';

/**
 * Personal fields, backed by @carebridge/personal-data: appends through `sealedFor(key)` are sealed under that key
 * subject (the child's); reads open them.
 */
export type PersonalData = {
  /** The event store, sealing every appended event's personal fields under `keySubject`. */
  sealedFor(keySubject: KeySubject): EventStore;
  /** Erased fields (key destroyed) come back null; nothing else changes. */
  open(type: string, data: Record<string, unknown>): Promise<Record<string, unknown>>;
  openEvents<E extends RecordedEvent>(events: readonly E[]): Promise<E[]>;
  destroySubjectKey(subjectId: string): Promise<void>;
};

export type HotlineDeps = {
  readonly eventStore: EventStore;
  readonly documents: DocumentStore;
  readonly personalData: PersonalData;
  readonly clock: () => Date;
  readonly jurisdictions: Jurisdictions;
  readonly deadlines: DeadlineRules;
  readonly retention: RetentionRule;
  /** The suite's reference of a person with an ID number (@carebridge/identity personRefOf, keyed). */
  readonly childRefOf?: (idNumber: string) => string;
};

export const streams = {
  contact: (contactId: string) => `hotline-contact-${contactId}`,
  case: (caseId: string) => `hotline-case-${caseId}`,
  audit: (target: string) => `hotline-audit-${target}`,
};
