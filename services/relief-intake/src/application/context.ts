import { createHash } from 'node:crypto';
import type { EventRegistry } from '@carebridge/event-schema';
import type { EventStore } from '@carebridge/event-store';
import type { DocumentStore } from '@carebridge/document-store';
import { personRefOf as personRefOfNumber } from '@carebridge/identity';
import type { PersonalDataCipher } from '@carebridge/personal-data';
import type { ApplicationState } from '../domain/application/application';
import { createApplicationDecider } from '../domain/application/decide';
import type { DivisionDirectory } from '../domain/divisionDirectory';
import { eligiblePrefectureOf, programmeById, programmes, type ProgrammeRules } from '../domain/programmes';
import { createAccessLog } from './accessLog';
import { applicationSummaries, personRefIn } from './applicationSummaries';
import { createApplicationRepository } from './applicationRepository';
import { createMoneyMoves } from './approval';
import { createFundLedger } from './fundLedger';

export type ReliefDeps = {
  readonly eventStore: EventStore;
  readonly documents: DocumentStore;
  readonly registry: EventRegistry;
  readonly cipher: PersonalDataCipher;
  readonly directory: DivisionDirectory;
  readonly clock: () => Date;
  /** Secret that keys the applicant pseudonym (personRef); without it the pseudonym could be recomputed. */
  readonly personRefKey: string | Buffer;
};

/** Everything the command and query handlers share, wired once. */
export const createReliefContext = (deps: ReliefDeps) => {
  const decider = createApplicationDecider(deps.directory);
  const applications = createApplicationRepository({
    store: deps.eventStore,
    registry: deps.registry,
    cipher: deps.cipher,
    decider,
  });
  const fund = createFundLedger(deps.eventStore);
  const money = createMoneyMoves({ store: deps.eventStore, applications, fund });
  const summaries = applicationSummaries(deps.documents);
  const access = createAccessLog(deps.eventStore, deps.clock);

  /** Stable pseudonym of an ID number (the suite's one rule, @carebridge/identity): what one grant per person keys on. */
  const personRefOf = (idNumber: string): string => personRefOfNumber(deps.personRefKey, idNumber);

  /** Application ids come from the caller's idempotency key, so a retried submission finds its first result. */
  const derivedId = (prefix: string, subject: string, commandId: string): string =>
    `${prefix}-${createHash('sha256').update(`${subject}\n${commandId}`).digest('hex').slice(0, 24)}`;

  /** The programme asked for, or the one whose divisions hold the household registration. */
  const programmeFor = (programmeId: string | undefined, division: string): ProgrammeRules | undefined =>
    programmeId
      ? programmeById(programmeId)
      : (programmes.find((p) => eligiblePrefectureOf(p, division, deps.directory)) ??
        programmes.find((p) => deps.directory.isWithin(division, p.province)) ??
        programmes[0]);

  /** Prefecture (市) of a county code: who may act on it and where the fund books it. */
  const cityOf = (division: string): string => `${division.slice(0, 4)}00`;

  /**
   * Where a stored application lies for jurisdiction: its city (the prefecture of the household registration),
   * the same field the list view keeps, so a read and a list decide on the same division.
   */
  const divisionOfApplication = (state: ApplicationState): string =>
    state.form?.city ?? state.draft?.city ?? (state.draft ? cityOf(state.draft.person.division) : '');

  return {
    ...deps,
    decider,
    applications,
    fund,
    money,
    summaries,
    /** The person reference a stored event names, for the list view's index (see applicationSummaries). */
    personRefIn: personRefIn(deps.cipher, deps.registry),
    access,
    personRefOf,
    derivedId,
    programmeFor,
    cityOf,
    divisionOfApplication,
  };
};

export type ReliefContext = ReturnType<typeof createReliefContext>;
