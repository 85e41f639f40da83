/** `outbox_leases`: one document per shard, owned by the outbox relay. */
export const OUTBOX_LEASES = 'outbox_leases';
/** `outbox_relays`: one document per live relay (its heartbeat), owned by the outbox relay. */
export const OUTBOX_RELAYS = 'outbox_relays';
/** `outbox_checkpoints`: one document per shard, the position up to which its commits are published. */
export const OUTBOX_CHECKPOINTS = 'outbox_checkpoints';

export type LeaseDocument = { _id: number; owner: string; expiresAt: Date };
export type RelayDocument = { _id: string; expiresAt: Date };
export type CheckpointDocument = { _id: number; position: number };
