import type { Actor, EventStore } from '@carebridge/event-store';
import type { CommunityDirectory } from '../domain/communities';
import type { CandidateIndex } from '../domain/dispatch/candidateIndex';
import type { OfferTimeouts } from '../domain/offerDeadlines';

/** Who asks, and the idempotency key of their request; sub-steps derive their own keys from it. */
export type Ctx = { readonly commandId: string; readonly actor?: Actor; readonly traceparent?: string };

export type EngineDeps = {
  /** The sealing store (personal fields encrypted before append). */
  readonly store: EventStore;
  readonly index: CandidateIndex;
  readonly directory: CommunityDirectory;
  readonly clock: () => Date;
  /** Minutes an offered volunteer has to confirm, per urgency (the published deployment defaults when absent). */
  readonly offerTimeouts?: OfferTimeouts;
};

export const step = (ctx: Ctx, suffix: string): Ctx => ({ ...ctx, commandId: `${ctx.commandId}:${suffix}` });
