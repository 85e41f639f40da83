import type { Actor, AppendResult, EventStore } from '@carebridge/event-store';
import { fold, type Decider, type DomainEvent } from './decider';

export type CommandContext = {
  /** Idempotency key supplied by the caller; a retry returns the first result and writes nothing. */
  readonly commandId: string;
  readonly actor?: Actor;
  readonly traceparent?: string;
};

export type HandledCommand<TState, TEvent> = {
  readonly result: AppendResult;
  /** Events this call wrote (empty for a replay or when the decider decided nothing). */
  readonly events: readonly TEvent[];
  readonly state: TState;
};

/**
 * Load the stream, decide, append with the version we decided on. A concurrent writer makes the append
 * fail with ConcurrencyConflictError, which reaches the caller (gRPC ABORTED): a retry re-reads and
 * re-decides, so no decision is ever made on stale state.
 */
export const createCommandHandler =
  <TCommand, TState, TEvent extends DomainEvent>(store: EventStore, decider: Decider<TCommand, TState, TEvent>) =>
  async (streamId: string, command: TCommand, context: CommandContext): Promise<HandledCommand<TState, TEvent>> => {
    const history = (await store.readStream(streamId)) as unknown as (TEvent & { version: number })[];
    const state = fold(decider, history);
    const version = history.at(-1)?.version ?? 0;
    const events = decider.decide(command, state);
    if (events.length === 0) {
      return { result: { streamId, fromVersion: version + 1, toVersion: version, replayed: false }, events, state };
    }
    const result = await store.append(streamId, events, {
      expectedVersion: version,
      commandId: context.commandId,
      ...(context.actor ? { actor: context.actor } : {}),
      ...(context.traceparent ? { traceparent: context.traceparent } : {}),
    });
    if (result.replayed) {
      const replayedState = fold(decider, (await store.readStream(streamId)) as unknown as TEvent[]);
      return { result, events: [], state: replayedState };
    }
    return { result, events, state: events.reduce(decider.evolve, state) };
  };
