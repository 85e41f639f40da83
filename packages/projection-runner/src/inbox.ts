import type { DocumentStore } from '@carebridge/document-store';

type InboxEntry = { id: string; consumer: string; ceSource: string; ceId: string; doneAt: string };

export type Inbox = {
  seen(ceSource: string, ceId: string): Promise<boolean>;
  record(ceSource: string, ceId: string): Promise<void>;
};

/** The document id IS the unique (consumer, ce_source, ce_id) key: one entry per effect, on any document store. */
const entryId = (consumer: string, ceSource: string, ceId: string): string =>
  [consumer, ceSource, ceId].map(encodeURIComponent).join('|');

export const createInbox = (documents: DocumentStore, consumer: string): Inbox => {
  const entries = documents.collection<InboxEntry>('inbox', { indexes: ['consumer'] });
  return {
    seen: async (ceSource, ceId) => (await entries.get(entryId(consumer, ceSource, ceId))) !== undefined,
    record: async (ceSource, ceId) =>
      entries.put({
        id: entryId(consumer, ceSource, ceId),
        consumer,
        ceSource,
        ceId,
        doneAt: new Date().toISOString(),
      }),
  };
};
