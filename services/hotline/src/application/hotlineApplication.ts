import type { DocumentStore } from '@carebridge/document-store';
import type { EventStore } from '@carebridge/event-store';
import { eventRegistry, type EventRegistry } from '@carebridge/event-schema';
import { createPersonalDataCipher, type KeyVault } from '@carebridge/personal-data';
import { PermissionDeniedError, ValidationError } from '@carebridge/decider';
import { personRefOf } from '@carebridge/identity';
import { tiersOf, type Principal } from '../domain/access';
import { defaultDeadlineRules, type DeadlineRules } from '../domain/deadlines';
import { qinghai, type Jurisdictions } from '../domain/jurisdictions';
import { defaultRetentionRule, type RetentionRule } from '../domain/retention';
import { createAudit } from './audit';
import { createCaseApi } from './caseApi';
import { createCaseHandler } from './caseHandler';
import { createContactApi } from './contactApi';
import { createDeadlineWatcher } from './deadlineWatcher';
import { childSubject, createPersonalData, legacyChildSubject } from './personalDataAdapter';
import { createQueries } from './queries';
import { createRetentionPurge, createRetentionWatcher } from './retentionPurge';
import { createReferralOutcomeConsumer } from './referralOutcomes';

export type HotlineApplicationDeps = {
  readonly eventStore: EventStore;
  readonly documents: DocumentStore;
  readonly keyVault: KeyVault;
  readonly clock?: () => Date;
  readonly jurisdictions?: Jurisdictions;
  readonly deadlines?: DeadlineRules;
  /** How long closed cases are kept; the published default with the operator's override by default. */
  readonly retention?: RetentionRule;
  /** The event registry (tests give one whose topics carry a run suffix). */
  readonly registry?: EventRegistry;
  /**
   * The suite's pseudonym key: a child recorded with an ID number gets the suite's reference of that number
   * (personRefOf), so every programme that knows the number names the same person. Without it, random refs.
   */
  readonly pseudonymKey?: Buffer;
};

/** The hotline's application layer as one unit; service.ts puts the gRPC API, consumers and jobs around it. */
export const createHotlineApplication = (input: HotlineApplicationDeps) => {
  const registry = input.registry ?? eventRegistry;
  const deps = {
    eventStore: input.eventStore,
    documents: input.documents,
    personalData: createPersonalData(input.eventStore, createPersonalDataCipher(input.keyVault), registry),
    clock: input.clock ?? (() => new Date()),
    jurisdictions: input.jurisdictions ?? qinghai(),
    deadlines: input.deadlines ?? defaultDeadlineRules,
    retention: input.retention ?? defaultRetentionRule,
    ...(input.pseudonymKey ? { childRefOf: (idNumber: string) => personRefOf(input.pseudonymKey!, idNumber) } : {}),
  };
  const audit = createAudit(deps);
  const cases = createCaseHandler(deps, audit);
  const contacts = createContactApi(deps, cases, audit);
  const watcher = createDeadlineWatcher(deps, cases);
  const purgeCase = createRetentionPurge(deps, cases);

  /** Crypto-shredding: the child's key goes, and with it every sealed field in the store and on every topic. */
  const eraseChild = async (principal: Principal, childRef: string): Promise<void> => {
    if (!childRef) throw new ValidationError([{ field: 'child_ref', description: 'is required' }]);
    if (!tiersOf(principal, deps.jurisdictions).includes('province')) {
      await audit({
        target: `child-${childRef}`,
        rpc: 'EraseChild',
        principal,
        decision: 'refused',
        reason: 'only the provincial supervisor erases',
      });
      throw new PermissionDeniedError('EraseChild is for the provincial supervisor');
    }
    await deps.personalData.destroySubjectKey(childSubject(childRef));
    await deps.personalData.destroySubjectKey(legacyChildSubject(childRef));
    await audit({ target: `child-${childRef}`, rpc: 'EraseChild', principal, decision: 'allowed' });
  };

  return {
    deps,
    registry,
    audit,
    contacts,
    cases: createCaseApi(deps, cases),
    queries: createQueries(deps, cases, audit),
    eraseChild,
    caseHandler: cases,
    consumers: { referralOutcomes: createReferralOutcomeConsumer(deps, cases) },
    purgeCase,
    jobs: { deadlineWatcher: watcher, retentionPurge: createRetentionWatcher(deps, cases, purgeCase) },
  };
};
export type HotlineApplication = ReturnType<typeof createHotlineApplication>;
