import type { Decider, DomainEvent } from '../decider';

/**
 * Given/when/then for deciders, as tables:
 *   spec.given([events]).when(command).then([events]) | .thenThrows(ErrorClass, /message/) | .thenNothingHappened()
 * Uses jest's expect, so failures show a readable diff.
 */
export const DeciderSpecification = {
  for<TCommand, TState, TEvent extends DomainEvent>(decider: Decider<TCommand, TState, TEvent>) {
    return {
      given(events: readonly TEvent[]) {
        return {
          when(command: TCommand) {
            const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
            return {
              then(expected: readonly TEvent[]) {
                expect(run()).toEqual(expected);
              },
              thenThrows(errorType: new (...args: never[]) => Error, message?: RegExp) {
                expect(run).toThrow(errorType);
                if (message) expect(run).toThrow(message);
              },
              thenNothingHappened() {
                expect(run()).toEqual([]);
              },
            };
          },
        };
      },
    };
  },
};
