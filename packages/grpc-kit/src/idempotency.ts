import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DocumentStore } from '@carebridge/document-store';
import { IdempotencyKeyReusedError } from '@carebridge/event-store';
import { GrpcStatusError } from './errors';
import { status } from '@grpc/grpc-js';

/**
 * The suite's one idempotency rule for writes, kept by the kit in front of every write RPC:
 * - a key is scoped to the caller, the RPC and the key, so two callers (or two RPCs) never share a result;
 * - the first call with a key runs; a retry with the same key and the same request gets the first response,
 *   byte for byte; the same key with a different request is refused (INVALID_ARGUMENT on idempotency_key);
 * - calls that arrive while the first is running wait for its response instead of running again, so twenty
 *   parallel calls have one effect and twenty identical responses.
 * Only a success is remembered: after an error the key is released and a retry runs again, because the state
 * that caused the error may have changed. The stores' own commandId check stays underneath, so a crash between
 * the write and this record still cannot write twice.
 */
export type IdempotencySettings = {
  /** How long a completed key answers retries. Deployment default: 24 h, the window agencies retry within. */
  readonly retentionMs: number;
  /** How long a claim may run before another call with the key may take over (its process died). */
  readonly leaseMs: number;
  /** How often a server deletes lapsed keys in bulk. Deployment default: 10 min; 0 turns the purge off. */
  readonly purgeIntervalMs: number;
};

export const DEFAULT_IDEMPOTENCY_SETTINGS: IdempotencySettings = {
  retentionMs: 24 * 60 * 60 * 1000,
  leaseMs: 60_000,
  purgeIntervalMs: 10 * 60_000,
};

/**
 * Reads IDEMPOTENCY_KEY_RETENTION_HOURS, IDEMPOTENCY_LEASE_SECONDS and IDEMPOTENCY_PURGE_INTERVAL_SECONDS, the
 * deployment's own choices.
 */
export const idempotencySettingsFromEnv = (env: NodeJS.ProcessEnv = process.env): IdempotencySettings => {
  const number = (name: string, fallback: number, unit: number, zero = false): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0 || (value === 0 && !zero))
      throw new Error(`${name} must be a ${zero ? 'non-negative' : 'positive'} number, got ${raw}`);
    return value * unit;
  };
  return {
    retentionMs: number('IDEMPOTENCY_KEY_RETENTION_HOURS', DEFAULT_IDEMPOTENCY_SETTINGS.retentionMs, 3_600_000),
    leaseMs: number('IDEMPOTENCY_LEASE_SECONDS', DEFAULT_IDEMPOTENCY_SETTINGS.leaseMs, 1_000),
    purgeIntervalMs: number(
      'IDEMPOTENCY_PURGE_INTERVAL_SECONDS',
      DEFAULT_IDEMPOTENCY_SETTINGS.purgeIntervalMs,
      1_000,
      true,
    ),
  };
};

type KeyRecord = {
  id: string;
  requestHash: string;
  attempt: number;
  state: 'running' | 'done';
  claimedAt: number;
  /** When the record may be deleted: a lapsed claim or a response past its retention. Indexed for the purge. */
  expiresAt: number;
  completedAt?: number;
  /** The serialised response message, base64. */
  response?: string;
};

export type IdempotentCall = {
  /** The scoped key the handler passes to its store as commandId. */
  readonly scopedKey: string;
  /** The first call's response, when this call is a retry. */
  readonly replay?: Buffer;
  /** Records the response of the call that ran. */
  readonly complete: (response: Buffer) => Promise<void>;
  /** Frees the key after an error, so that a retry runs again. */
  readonly release: () => Promise<void>;
};

const digest = (...parts: readonly (string | Uint8Array)[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(typeof part === 'string' ? `${part.length}:${part}` : part);
  return hash.digest('base64url');
};

/** The key a write's handler receives as commandId: the caller's key scoped to the caller and the RPC. */
export const scopedKeyOf = (scope: {
  readonly caller: string;
  readonly method: string;
  readonly key: string;
}): string => digest(scope.caller, scope.method, scope.key);

const STREAM = 'idempotency';
const POLL_MS = [5, 10, 20, 40, 80, 160, 250];

export type IdempotencyKeys = {
  /** Claims the key for this call, waits for a running first call, or returns the first call's response. */
  readonly begin: (
    scope: { readonly caller: string; readonly method: string; readonly key: string },
    request: Uint8Array,
    signal: AbortSignal,
  ) => Promise<IdempotentCall>;
  /** Deletes up to `limit` records that have lapsed; returns how many. Safe to run on every replica at once. */
  readonly purgeExpired: (limit?: number) => Promise<number>;
};

const PURGE_PAGE = 500;

export const createIdempotencyKeys = (
  documents: DocumentStore,
  settings: IdempotencySettings = DEFAULT_IDEMPOTENCY_SETTINGS,
  now: () => number = Date.now,
): IdempotencyKeys => {
  const keys = documents.collection<KeyRecord>('idempotency_keys', { indexes: ['expiresAt'] });

  const lapsed = (record: KeyRecord, at: number): boolean =>
    record.state === 'done'
      ? (record.completedAt ?? 0) + settings.retentionMs <= at
      : record.claimedAt + settings.leaseMs <= at;

  /** One claim attempt: true when this call now holds the key at `attempt`. */
  const take = async (id: string, requestHash: string, attempt: number): Promise<boolean> => {
    const claimedAt = now();
    // The change runs again on a lost race; what its last run saw is what was written.
    let won = false;
    const outcome = await keys.applyOnce(id, { stream: STREAM, version: attempt }, (current) => {
      won = !(current && current.attempt >= attempt);
      return won
        ? { id, requestHash, attempt, state: 'running', claimedAt, expiresAt: claimedAt + settings.leaseMs }
        : current;
    });
    return outcome === 'applied' && won;
  };

  return {
    begin: async (scope, request, signal) => {
      const id = scopedKeyOf(scope);
      const requestHash = digest(request);
      const holding = (attempt: number): IdempotentCall => ({
        scopedKey: id,
        complete: async (response) => {
          await keys.applyOnce(id, { stream: `${STREAM}-done`, version: attempt }, (current) =>
            current?.attempt === attempt
              ? {
                  ...current,
                  state: 'done',
                  completedAt: now(),
                  expiresAt: now() + settings.retentionMs,
                  response: response.toString('base64'),
                }
              : current,
          );
        },
        release: async () => {
          const current = await keys.get(id);
          if (current?.attempt === attempt && current.state === 'running') await keys.delete(id);
        },
      });
      for (let round = 0; ; round++) {
        if (signal.aborted) throw new GrpcStatusError(status.CANCELLED, 'call cancelled while waiting for its key');
        const record = await keys.get(id);
        if (!record || lapsed(record, now())) {
          const attempt = (record?.attempt ?? 0) + 1;
          if (await take(id, requestHash, attempt)) return holding(attempt);
          continue;
        }
        if (record.requestHash !== requestHash) throw new IdempotencyKeyReusedError(scope.method, scope.key);
        if (record.state === 'done' && record.response !== undefined)
          return { ...holding(record.attempt), replay: Buffer.from(record.response, 'base64') };
        // Another call with this key is running: wait for its response rather than run twice.
        await sleep(POLL_MS[Math.min(round, POLL_MS.length - 1)], undefined, { signal }).catch(() => undefined);
      }
    },
    purgeExpired: async (limit = PURGE_PAGE) => {
      const at = now();
      const { items } = await keys.find({ expiresAt: { $lte: at } }, { limit });
      // Re-checked one by one: a retry may have taken a lapsed key over since the page was read. (Should one slip
      // through, the store's own commandId check still keeps its command from being written twice.)
      let purged = 0;
      for (const { id } of items) {
        const current = await keys.get(id);
        if (current && current.expiresAt <= at) {
          await keys.delete(id);
          purged++;
        }
      }
      return purged;
    },
  };
};
