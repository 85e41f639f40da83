import type { JourneyChange } from './journeyChanges';
import type { JourneyDoc, JourneyStep } from './journeyTypes';

/**
 * At the same instant a request comes before what it caused, and a report of an outcome after it; two steps of
 * one stream keep their stream order; store times come from different services' clocks, so they only break the
 * ties that remain.
 */
const causalRank = (s: JourneyStep): number =>
  s.step === 'Requested' ? 0 : s.step === 'ReferralOutcomeRecorded' || s.step === 'OutcomeReported' ? 2 : 1;

const streamOrder = (a: JourneyStep, b: JourneyStep): number =>
  a.stream !== undefined && a.stream === b.stream ? (a.version ?? 0) - (b.version ?? 0) : 0;

const byTime = (a: JourneyStep, b: JourneyStep): number =>
  a.at.localeCompare(b.at) ||
  causalRank(a) - causalRank(b) ||
  streamOrder(a, b) ||
  a.recordedAt.localeCompare(b.recordedAt) ||
  a.id.localeCompare(b.id);

/** A copy without one (optional) field. */
const omit = <T extends object>(value: T, key: keyof T): T =>
  Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)) as T;

const upsert = <T extends Record<string, unknown>>(items: readonly T[], key: keyof T, item: T | undefined): T[] => {
  if (!item) return [...items];
  const at = items.findIndex((i) => i[key] === item[key]);
  return at === -1 ? [...items, item] : items.map((i, n) => (n === at ? { ...i, ...item } : i));
};

/**
 * Folds one change into a journey: steps are a set keyed by CloudEvent id kept in time order, so events of
 * different topics may arrive in any order and a redelivered one changes nothing.
 */
export const applyJourneyChange = (
  current: JourneyDoc | undefined,
  journeyId: string,
  change: JourneyChange,
): JourneyDoc => {
  const doc: JourneyDoc = current ?? {
    id: journeyId,
    origin: change.origin ?? {
      programme: journeyId.slice(0, journeyId.indexOf(':')),
      ref: journeyId.slice(journeyId.indexOf(':') + 1),
    },
    relief: [],
    referrals: [],
    personRefs: [],
    steps: [],
    startedAt: change.step.at,
    updatedAt: change.step.at,
  };
  // A change that shows no step of its own still starts a journey with it, rather than losing what it says.
  const addsStep = !doc.steps.some((s) => s.id === change.step.id) && (change.showsStep !== false || !current);
  const added = addsStep ? [...doc.steps, change.step].sort(byTime) : [...doc.steps];
  const { purged } = change;
  // A purged record's steps keep what happened and when; its particulars (case type, kind, outcome) go.
  const steps = purged
    ? added.map((s) => (s.programme === purged.programme && s.ref === purged.ref ? omit(s, 'detail') : s))
    : added;
  const merged = change.hotline ? { ...doc.hotline, ...change.hotline } : doc.hotline;
  const hotline = merged && purged?.programme === 'hotline' ? omit(merged, 'caseType') : merged;
  const relief = upsert(doc.relief, 'applicationId', change.relief);
  const referrals = upsert(doc.referrals, 'referralId', change.referral);
  // The person stays linked while another programme's record of them is on the journey; else the link goes too.
  const personRefs =
    purged && relief.length === 0 && referrals.length === 0
      ? []
      : [...new Set([...doc.personRefs, ...change.personRefs])].sort();
  return {
    ...doc,
    ...(hotline ? { hotline } : {}),
    relief,
    referrals,
    personRefs,
    steps,
    startedAt: steps[0]!.at,
    updatedAt: steps.at(-1)!.at,
  };
};
