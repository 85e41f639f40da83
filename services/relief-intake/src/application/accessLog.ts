import { randomUUID } from 'node:crypto';
import type { EventStore } from '@carebridge/event-store';
import type { Staff } from '../domain/application/application';

/**
 * Every read of an application is recorded before the data is returned: who (subject, role, division), what
 * (application ids), when, how. One stream per reader, appended without an expected version, so reads never
 * contend with the writes on the applications themselves.
 */
export const createAccessLog = (store: EventStore, clock: () => Date) => ({
  async recordRead(reader: Staff, operation: 'get' | 'list', applicationIds: readonly string[]): Promise<void> {
    const stream = `relief-access-${reader.subject.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 150)}`;
    await store.append(
      stream,
      [
        {
          type: 'relief.ApplicationsRead',
          data: { reader, operation, applicationIds: [...applicationIds], at: clock().toISOString() },
        },
      ],
      {
        expectedVersion: 'any',
        commandId: randomUUID(),
        actor: { subject: reader.subject, role: reader.role, division: reader.division },
      },
    );
  },
});

export type AccessLog = ReturnType<typeof createAccessLog>;
