import { Type } from '@sinclair/typebox';
import { createEventRegistry, defineEvent, type EventRegistry } from '@carebridge/event-schema';

/** The event the relay tests append; its topic is unique per test file (shared broker). */
export const RELAY_PROBE = 'testing.RelayProbe';

export const relayProbeRegistry = (topic: string): EventRegistry =>
  createEventRegistry([
    defineEvent({
      type: RELAY_PROBE,
      version: 1,
      topic,
      description: 'A probe appended by the outbox relay tests.',
      schema: Type.Object({ n: Type.Integer(), poison: Type.Optional(Type.Boolean()) }),
    }),
  ]);
