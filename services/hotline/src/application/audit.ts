import { randomUUID } from 'node:crypto';
import type { Principal } from '../domain/access';
import { streams, type HotlineDeps } from './ports';

export type AuditEntry = {
  readonly target: string;
  readonly rpc: string;
  readonly principal: Principal;
  readonly decision: 'allowed' | 'refused';
  readonly reason?: string;
};

/** Every read of a case and every refusal is an audit event on hotline.audit.v1, naming who it was. */
export const createAudit =
  ({ eventStore, clock }: Pick<HotlineDeps, 'eventStore' | 'clock'>) =>
  async (entry: AuditEntry): Promise<void> => {
    await eventStore.append(
      streams.audit(entry.target),
      [
        {
          type: 'hotline.CaseAccessed',
          data: {
            target: entry.target,
            rpc: entry.rpc,
            subject: entry.principal.subject,
            roles: [...entry.principal.roles],
            division: entry.principal.division,
            decision: entry.decision,
            ...(entry.reason ? { reason: entry.reason } : {}),
            at: clock().toISOString(),
          },
        },
      ],
      // An audit entry is a fact, not a decision: no version to expect, and each one is its own command.
      { expectedVersion: 'any', commandId: randomUUID() },
    );
  };
export type Audit = ReturnType<typeof createAudit>;
