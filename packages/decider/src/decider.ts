/** An event as a decider sees it: a string-literal type and its data. */
export type DomainEvent = { readonly type: string; readonly data: Record<string, unknown> };

/**
 * Pure domain logic of one aggregate: no I/O, no clock, no randomness (pass them in the command).
 * decide(command, state) → events; evolve(state, event) → state.
 */
export type Decider<TCommand, TState, TEvent extends DomainEvent> = {
  readonly initialState: () => TState;
  readonly decide: (command: TCommand, state: TState) => readonly TEvent[];
  readonly evolve: (state: TState, event: TEvent) => TState;
};

/** A business rule said no. Carries the field it is about, so the API can name it (gRPC FAILED_PRECONDITION). */
export class DomainRuleError extends Error {
  override readonly name = 'DomainRuleError';
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Input that is malformed whatever the state (gRPC INVALID_ARGUMENT with one violation per field). */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(readonly violations: readonly { readonly field: string; readonly description: string }[]) {
    super(violations.map((v) => `${v.field}: ${v.description}`).join('; '));
  }
}

/** The caller's role or jurisdiction does not allow this (gRPC PERMISSION_DENIED); always audited. */
export class PermissionDeniedError extends Error {
  override readonly name = 'PermissionDeniedError';
}

/** The aggregate does not exist (gRPC NOT_FOUND). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

export const fold = <TState, TEvent extends DomainEvent>(
  decider: Pick<Decider<unknown, TState, TEvent>, 'initialState' | 'evolve'>,
  events: readonly TEvent[],
): TState => events.reduce(decider.evolve, decider.initialState());
