/** Programmes a step can belong to (the referral hand-off counts as the referring programme's step). */
export type Programme = 'hotline' | 'relief' | 'dispatch' | 'catalog';

/** One thing that happened on the journey. Ids and codes only: no names, ID numbers, phones or narratives. */
export type JourneyStep = {
  /** The CloudEvent id: a redelivered event lands on the same step. */
  readonly id: string;
  readonly programme: Programme;
  /** Event type without the programme: `CaseOpened`, `ApplicationApproved`, `ReferralRequested`. */
  readonly step: string;
  /** The programme's own record the step belongs to: case id, application id, referral id, order id. */
  readonly ref: string;
  readonly actorRole?: string;
  /** GB/T 2260 division whose jurisdiction the step happened in. */
  readonly division?: string;
  /** When it happened in the domain; `recordedAt` when the store took it. */
  readonly at: string;
  readonly recordedAt: string;
  /** The emitting stream and the step's version in it (absent on steps stored before they were kept). */
  readonly stream?: string;
  readonly version?: number;
  /** Non-personal particulars: amounts in fen, standard, outcome, target programme. */
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
};

export type HotlineFacts = {
  readonly caseId: string;
  readonly province?: string;
  readonly prefecture?: string;
  readonly county?: string;
  readonly caseType?: string;
  readonly status?: string;
};

export type ReliefFacts = {
  readonly applicationId: string;
  readonly city?: string;
  readonly standard?: string;
  readonly status?: string;
};

export type ReferralFacts = { readonly referralId: string; readonly to?: string; readonly status?: string };

export type JourneyDoc = {
  readonly id: string;
  /** The programme and record the journey started from. */
  readonly origin: { readonly programme: string; readonly ref: string };
  readonly hotline?: HotlineFacts;
  readonly relief: readonly ReliefFacts[];
  readonly referrals: readonly ReferralFacts[];
  /** Pseudonymous person references seen on the journey (keyed hashes or random refs, never an ID number). */
  readonly personRefs: readonly string[];
  readonly steps: readonly JourneyStep[];
  readonly startedAt: string;
  readonly updatedAt: string;
};

/** Where a journey is found from an id the caller holds. */
export type JourneyIndexDoc = {
  readonly id: string;
  readonly journeyIds: readonly string[];
  /** On a referral link: the programme the referral went to (who reports its outcomes). */
  readonly receiving?: string;
};

export const journeyIdOf = (programme: string, ref: string): string => `${programme}:${ref}`;
export const caseIndexKey = (caseId: string): string => `case:${caseId}`;
export const applicationIndexKey = (applicationId: string): string => `application:${applicationId}`;
export const referralIndexKey = (referralId: string): string => `referral:${referralId}`;
export const personIndexKey = (personRef: string): string => `person:${personRef}`;
