import { toKafkaRecord, type EventRegistry } from '@carebridge/event-schema';
import type { StoredCommit } from '@carebridge/event-store';
import type { OutgoingRecord } from '@carebridge/messaging';

/**
 * The records of a commit, one per event, in version order: CloudEvents binary mode (ce_* headers), keyed by
 * the stream id (or the definition's partition key), carrying the traceparent of the command that caused it.
 * Events go out with the schema version they were stored with; consumers upcast.
 */
export const commitRecords = (commit: StoredCommit, registry: EventRegistry, source: string): OutgoingRecord[] =>
  commit.events.map((stored, i) => {
    const definition = registry.get(stored.type, stored.schemaVersion);
    if (!definition) throw new Error(`outbox: ${stored.type} v${stored.schemaVersion} is not in the registry`);
    const record = toKafkaRecord(
      {
        eventId: stored.eventId,
        streamId: commit.streamId,
        version: commit.fromVersion + i,
        type: stored.type,
        schemaVersion: stored.schemaVersion,
        data: stored.data,
        recordedAt: commit.recordedAt,
        ...(commit.traceparent ? { traceparent: commit.traceparent } : {}),
      },
      { source, registry },
    );
    return { topic: definition.topic, key: record.key, value: record.value, headers: record.headers };
  });

/** Commits in publish order: by stream, then version; streams keep the order they first appear in. */
export const inStreamOrder = (commits: readonly StoredCommit[]): StoredCommit[] => {
  const firstSeen = new Map<string, number>();
  commits.forEach((c, i) => {
    if (!firstSeen.has(c.streamId)) firstSeen.set(c.streamId, i);
  });
  return [...commits].sort(
    (a, b) => firstSeen.get(a.streamId)! - firstSeen.get(b.streamId)! || a.fromVersion - b.fromVersion,
  );
};
