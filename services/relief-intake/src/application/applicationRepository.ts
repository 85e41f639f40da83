import { fold, NotFoundError } from '@carebridge/decider';
import type { EventRegistry } from '@carebridge/event-schema';
import type { Actor, EventStore } from '@carebridge/event-store';
import { personSubject } from '@carebridge/identity';
import { openEvents, sealingEventStore, type PersonalDataCipher } from '@carebridge/personal-data';
import type { ApplicationEvent, ApplicationState } from '../domain/application/application';
import type { ApplicationCommand } from '../domain/application/decide';
import type { createApplicationDecider } from '../domain/application/decide';

export type LoadedApplication = {
  readonly state: ApplicationState;
  readonly version: number;
  /** Idempotency keys already recorded on the stream: a retried command returns the state, writes nothing. */
  readonly commandIds: ReadonlySet<string>;
};

export const applicationStreamId = (applicationId: string): string => `relief-application-${applicationId}`;

/**
 * Whose data key seals an application's personal fields: the person's, `person:<personRef>` (@carebridge/identity),
 * the one key every programme uses for them. A draft from a referral carries the referral's reference (adopted, not
 * minted), and so does a form the referred person completes (the decider's CompleteDraft), so the referring
 * programme's erasure (the hotline's EraseChild) reaches both.
 */
const personRefOf = (state: ApplicationState, data: Record<string, unknown>): string | undefined => {
  const { form, person } = data as { form?: { personRef?: string }; person?: { personRef?: string } };
  return form?.personRef ?? person?.personRef ?? state.form?.personRef ?? state.draft?.person.personRef;
};

/**
 * Loads (open sealed fields, fold) and appends (seal, then append with the version the decision was made on).
 * Personal fields never reach the store in clear: sealing is the one step between the decider and the append.
 */
export const createApplicationRepository = (deps: {
  store: EventStore;
  registry: EventRegistry;
  cipher: PersonalDataCipher;
  decider: ReturnType<typeof createApplicationDecider>;
}) => {
  const { store, registry, cipher, decider } = deps;

  const load = async (applicationId: string): Promise<LoadedApplication> => {
    const recorded = await store.readStream(applicationStreamId(applicationId));
    const events = (await openEvents(cipher, registry, recorded)) as unknown as ApplicationEvent[];
    return {
      state: fold(decider, events),
      version: recorded.at(-1)?.version ?? 0,
      commandIds: new Set(recorded.map((e) => e.commandId)),
    };
  };

  const loadExisting = async (applicationId: string): Promise<LoadedApplication> => {
    const loaded = await load(applicationId);
    if (loaded.state.status === 'none') throw new NotFoundError(`application ${applicationId} does not exist`);
    return loaded;
  };

  /** Decide on the loaded state and append; returns the state after the decision and the events written. */
  const decideAndAppend = async (
    applicationId: string,
    loaded: LoadedApplication,
    command: ApplicationCommand,
    commandId: string,
    actor?: Actor,
  ): Promise<{ state: ApplicationState; version: number; events: readonly ApplicationEvent[]; replayed: boolean }> => {
    if (loaded.commandIds.has(commandId)) return { ...loaded, events: [], replayed: true };
    const events = decider.decide(command, loaded.state);
    if (events.length === 0) return { ...loaded, events, replayed: false };
    const state = events.reduce(decider.evolve, loaded.state);
    // The person is named by the event itself, else by the application before or after the decision.
    const sealing = sealingEventStore(store, cipher, registry, (_subject, data) => {
      const personRef = personRefOf(loaded.state, data) ?? personRefOf(state, data);
      return personRef ? personSubject(personRef) : undefined;
    });
    const result = await sealing.append(applicationStreamId(applicationId), events, {
      expectedVersion: loaded.version === 0 ? 'no_stream' : loaded.version,
      commandId,
      ...(actor ? { actor } : {}),
    });
    if (result.replayed) {
      const again = await load(applicationId);
      return { ...again, events: [], replayed: true };
    }
    return { state, version: result.toVersion, events, replayed: false };
  };

  /** Runs the decision without writing: refuses early, before a saga touches other streams. */
  const dryRun = (command: ApplicationCommand, state: ApplicationState) => decider.decide(command, state);

  return { load, loadExisting, decideAndAppend, dryRun };
};

export type ApplicationRepository = ReturnType<typeof createApplicationRepository>;
