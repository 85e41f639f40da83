import { type Static, type TObject, type TSchema } from '@sinclair/typebox';

/**
 * One source of truth per event: its name, schema version, schema, topic and partition key.
 * Personal data is marked inside the schema itself with `personal()` so the published JSON Schema,
 * the encryption at rest and the analytics scrubber all read the same mark.
 */
export type TypedEventDefinition<TType extends string, TData extends TObject> = {
  /** Programme-qualified name, e.g. `relief.ApplicationSubmitted`. */
  readonly type: TType;
  /** Schema version of this event type; a new version gets a new definition and an upcaster. */
  readonly version: number;
  readonly schema: TData;
  /** Kafka topic the event is published on, e.g. `relief.applications.v1`. */
  readonly topic: string;
  readonly description: string;
  /**
   * Field of `data` whose value keys the Kafka record. Omitted: the stream id (keeps one stream in order).
   */
  readonly partitionKey?: keyof Static<TData> & string;
  /**
   * Whether the programme seals the event's personal fields before they reach the store and the topic (the
   * default). `false` where it deliberately does not, and the published schema then shows them clear.
   */
  readonly sealed?: boolean;
  /** Upcast the data of the previous version (version - 1) to this one. Required when version > 1. */
  readonly upcast?: (previous: Record<string, unknown>) => Static<TData>;
};

/** Any event definition, its data type erased: what registries, stores and relays handle. */
export type EventDefinition = {
  readonly type: string;
  readonly version: number;
  readonly schema: TObject;
  readonly topic: string;
  readonly description: string;
  readonly partitionKey?: string;
  readonly sealed?: boolean;
  readonly upcast?: (previous: Record<string, unknown>) => Record<string, unknown>;
};

export const defineEvent = <TType extends string, TData extends TObject>(
  definition: TypedEventDefinition<TType, TData>,
): TypedEventDefinition<TType, TData> => {
  if (definition.version > 1 && !definition.upcast) {
    throw new Error(`${definition.type} v${definition.version} needs an upcaster from v${definition.version - 1}`);
  }
  return Object.freeze(definition);
};

/** The event as deciders see it: a string-literal type and its typed data. */
export type EventOf<D> =
  D extends TypedEventDefinition<infer TType, infer TData>
    ? { readonly type: TType; readonly data: Static<TData> }
    : never;

/** CloudEvents `type`: reverse-DNS name plus the schema version. */
export const cloudEventType = (definition: Pick<EventDefinition, 'type' | 'version'>): string =>
  `org.carebridge.${definition.type}.v${definition.version}`;

export type AnySchema = TSchema;
