import type { EventOf, ReferralRequested } from '@carebridge/event-schema';
import { projectSummary } from './applicationSummaries';
import type { ReliefContext } from './context';

type Incoming = { readonly type: string; readonly data: Record<string, unknown> };

/** The draft of a referral has an id derived from the referral, so every delivery lands on the same stream. */
export const applicationIdOfReferral = (referralId: string): string =>
  `ref-${referralId.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 150)}`;

/**
 * referral.Requested (to = relief) → a draft application, exactly once however often Kafka delivers it: the
 * stream id and the idempotency key both come from the referral id, so a second delivery is a replay.
 */
export const createReferralConsumer = (ctx: ReliefContext) => ({
  async handle(event: Incoming): Promise<'drafted' | 'duplicate' | 'ignored'> {
    if (event.type !== 'referral.Requested') return 'ignored';
    const opened = (await ctx.cipher.openPersonalFields(ctx.registry, event.type, event.data)).data as EventOf<
      typeof ReferralRequested
    >['data'];
    if (opened.to !== 'relief') return 'ignored';
    // The person was erased (their key destroyed) before the referral got here: there is nobody left to draft for.
    if ((opened.person.name as string | null) === null) return 'ignored';
    const applicationId = applicationIdOfReferral(opened.referralId);
    const programme = ctx.programmeFor(undefined, opened.person.division)!;
    const loaded = await ctx.applications.load(applicationId);
    const done = await ctx.applications.decideAndAppend(
      applicationId,
      loaded,
      {
        type: 'DraftFromReferral',
        applicationId,
        programmeId: programme.id,
        city: ctx.cityOf(opened.person.division),
        referral: opened,
        at: ctx.clock().toISOString(),
      },
      `referral:${opened.referralId}`,
      { subject: `programme:${opened.from.programme}`, role: 'referrer', division: opened.from.division },
    );
    if (done.events.length === 0) return 'duplicate';
    for (const recorded of await ctx.eventStore.readStream(`relief-application-${applicationId}`, {
      fromVersion: loaded.version + 1,
    })) {
      await projectSummary(ctx.summaries, recorded, ctx.personRefIn);
    }
    return 'drafted';
  },
});
