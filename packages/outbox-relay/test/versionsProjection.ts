import type { DocumentStore } from '@carebridge/document-store';
import type { Projection } from '@carebridge/projection-runner';

export type StreamVersions = { id: string; versions: number[] };

/**
 * The test projection: per stream, the versions it applied, in the order applied. Exactly once in effect and in
 * order means every stream's list reads 1..n; a duplicate would repeat a number, a reordering would skip one.
 */
export const versionsProjection = (topic: string, documents: DocumentStore) => {
  const streams = documents.collection<StreamVersions>('relay_streams');
  let deliveries = 0;
  const projection: Projection = {
    name: 'relay-versions',
    topics: [topic],
    handle: async (event, ctx) => {
      deliveries += 1;
      await ctx.applyOnce(streams, event.streamId, (current) => ({
        id: event.streamId,
        versions: [...(current?.versions ?? []), event.version],
      }));
    },
    reset: () => streams.deleteAll(),
  };
  return { projection, streams, deliveries: () => deliveries };
};
