import type { CaseHandler } from './caseHandler';
import type { HotlineDeps } from './ports';

/** referral.OutcomeReported as delivered from referrals.v1 (its CloudEvent id makes redelivery harmless). */
export type OutcomeMessage = {
  readonly eventId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
};

/**
 * Puts what the receiving programme reports onto the case timeline. Outcomes of referrals the hotline did not
 * make are not ours and are skipped.
 */
export const createReferralOutcomeConsumer = (deps: Pick<HotlineDeps, 'clock'>, cases: CaseHandler) => ({
  async handle(message: OutcomeMessage): Promise<'recorded' | 'ignored'> {
    if (message.type !== 'referral.OutcomeReported') return 'ignored';
    const referralId = typeof message.data.referralId === 'string' ? message.data.referralId : '';
    const index = referralId ? await cases.referrals.get(referralId) : undefined;
    if (!index) return 'ignored';
    const { outcome, targetRef, detail, reportedAt } = message.data as Record<string, string | undefined>;
    await cases.runAsSystem(
      index.caseId,
      {
        type: 'RecordReferralOutcome',
        data: {
          referralId,
          outcome: String(outcome),
          ...(targetRef ? { targetRef } : {}),
          ...(detail ? { detail } : {}),
          reportedAt: String(reportedAt),
          at: deps.clock().toISOString(),
        },
      },
      `referral-outcome:${message.eventId}`,
    );
    return 'recorded';
  },
});
