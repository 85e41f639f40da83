import { plusMinutes, resolveDeadlines, type Deadline, type DeadlineTable } from '@carebridge/deadlines';
import { urgencies, type Urgency } from './data/needs';

type RuleName = `offerConfirmation.${Urgency}`;

const reason = (why: string) =>
  `The seed's 点单派单 (residents order, the centre dispatches) gives no time for a volunteer to confirm an offer: ` +
  `this figure is the deployment's default. ${why}`;

/**
 * How long an offered volunteer has to confirm before the order goes to the next candidate. Every figure is a
 * deployment default: DEADLINE_DISPATCH_OFFER_CONFIRMATION_<URGENCY>_MINUTES overrides it.
 */
export const offerDeadlineTable: DeadlineTable<RuleName> = {
  ruleVersion: 'dispatch-offer-confirmation/2024.1',
  rules: {
    'offerConfirmation.routine': {
      minutes: 60,
      provenance: { source: 'deployment-default', reason: reason('A routine order can wait an hour for an answer.') },
    },
    'offerConfirmation.urgent': {
      minutes: 15,
      provenance: {
        source: 'deployment-default',
        reason: reason('An urgent order (medicine, food) should not wait on one silent volunteer.'),
      },
    },
    'offerConfirmation.critical': {
      minutes: 5,
      provenance: {
        source: 'deployment-default',
        reason: reason('A critical order moves on within minutes, as a dispatcher on the phone would.'),
      },
    },
  },
};

export type OfferTimeouts = Readonly<Record<Urgency, number>>;

/** Minutes per urgency in force: the published table with the operator's overrides from `env`. */
export const offerTimeoutsFrom = (env: Readonly<Record<string, string | undefined>> = {}): OfferTimeouts => {
  const { rules } = resolveDeadlines('dispatch', offerDeadlineTable, env);
  return Object.fromEntries(urgencies.map((u) => [u, rules[`offerConfirmation.${u}`].minutes])) as OfferTimeouts;
};

export const defaultOfferTimeouts: OfferTimeouts = offerTimeoutsFrom();

export const offerExpiresAt = (timeouts: OfferTimeouts, urgency: Urgency, offeredAt: string): string =>
  plusMinutes(offeredAt, timeouts[urgency]);

/** An offer has one level: it lapses, and the order goes to the next candidate, once its time has passed. */
export const offerDeadline = (expiresAt: string): Deadline<'lapsed'> => ({
  dueAt: expiresAt,
  ladder: [{ level: 'lapsed', afterMinutes: 0 }],
});
