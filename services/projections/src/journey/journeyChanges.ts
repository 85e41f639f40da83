import { actorOf, num, occurredAt, particulars, str, type Data } from './eventFields';
import {
  journeyIdOf,
  type HotlineFacts,
  type JourneyStep,
  type Programme,
  type ReferralFacts,
  type ReliefFacts,
} from './journeyTypes';

/** An event as the journey sees it (personal fields already opened where the journey needs them). */
export type JourneyEvent = {
  readonly eventId: string;
  readonly type: string;
  readonly data: Data;
  readonly time: Date;
  /** Where the event sits in its own stream: orders two steps of one record that share an instant. */
  readonly streamId: string;
  readonly version: number;
};

/** How to find the journey: directly, or through an id another event linked to it earlier. */
export type JourneyTarget =
  { readonly journeyId: string } | { readonly applicationId: string } | { readonly referralId: string };

export type JourneyChange = {
  readonly target: JourneyTarget;
  readonly step: JourneyStep;
  /** Set when this event may start the journey. */
  readonly origin?: { readonly programme: string; readonly ref: string };
  readonly hotline?: Partial<HotlineFacts> & { readonly caseId: string };
  readonly relief?: ReliefFacts;
  readonly referral?: ReferralFacts;
  readonly personRefs: readonly string[];
  /** For a referral outcome: the programmes named on it, one of which reported it. */
  readonly reporters?: readonly Programme[];
  /** Ids by which the journey will be found from now on (`application:<id>`, `referral:<id>`). */
  readonly links: readonly string[];
  /** For a referral request: the programme asked to help, kept on the link. */
  readonly receiving?: string;
  /** A record purged at the end of its retention: the journey keeps what happened and when, not its particulars. */
  readonly purged?: { readonly programme: Programme; readonly ref: string };
  /** False when another event of the same programme already shows this step: the change moves facts only. */
  readonly showsStep?: false;
};

/**
 * Settles who reported a referral outcome: the programme the referral went to, when it is among those named.
 * Relief's own events already show its steps, so its report adds none; it still moves the referral's status.
 */
export const settleReporter = (change: JourneyChange, receiving: string | undefined): JourneyChange | undefined => {
  if (!change.reporters) return change;
  const reporter = (
    receiving && change.reporters.includes(receiving as Programme) ? receiving : change.reporters[0]
  ) as Programme | undefined;
  if (!reporter) return undefined;
  return {
    ...change,
    step: { ...change.step, programme: reporter },
    ...(change.referral ? { referral: { ...change.referral, to: reporter } } : {}),
    ...(reporter === 'relief' ? { showsStep: false as const } : {}),
  };
};

const HOTLINE_STATUS: Record<string, string> = {
  CaseOpened: 'open',
  CaseAssigned: 'assigned',
  CaseAccepted: 'accepted',
  CaseReferred: 'referred',
  CaseClosed: 'closed',
  CaseReopened: 'reopened',
  CasePurged: 'purged',
};

const RELIEF_STATUS: Record<string, string> = {
  ApplicationDrafted: 'draft',
  ApplicationSubmitted: 'submitted',
  InformationRequested: 'info_requested',
  ApplicationAssessed: 'assessed',
  ApplicationApproved: 'approved',
  ApplicationRejected: 'rejected',
  DisbursementRecorded: 'paid',
  ApplicationWithdrawn: 'withdrawn',
};

const stepOf = (
  event: JourneyEvent,
  programme: Programme,
  ref: string,
  extra: Partial<JourneyStep> = {},
): JourneyStep => {
  const actor = actorOf(event.data);
  const detail = extra.detail;
  return {
    id: event.eventId,
    programme,
    step: event.type.slice(event.type.indexOf('.') + 1),
    ref,
    ...(actor.role ? { actorRole: actor.role } : {}),
    ...((extra.division ?? actor.division) ? { division: extra.division ?? actor.division } : {}),
    at: occurredAt(event.data, event.time),
    recordedAt: event.time.toISOString(),
    stream: event.streamId,
    version: event.version,
    ...(detail ? { detail } : {}),
  };
};

const hotlineChange = (event: JourneyEvent, name: string): JourneyChange | undefined => {
  const d = event.data;
  const caseId = str(d, 'caseId');
  if (!caseId) return undefined;
  const county = str(d, 'county');
  const division = county ?? str(d, 'division') ?? str(d, 'prefecture');
  const detail = particulars({
    caseType: str(d, 'caseType'),
    urgency: str(d, 'urgency'),
    kind: str(d, 'kind'),
    outcome: str(d, 'outcome'),
    stage: str(d, 'stage'),
    escalatedTo: name === 'CaseEscalated' ? str(d, 'to') : undefined,
    late: typeof d.late === 'boolean' ? d.late : undefined,
    referredTo: str(d, 'target.programme') ?? str(d, 'target.number'),
    referralId: str(d, 'referralId'),
  });
  const status = HOTLINE_STATUS[name];
  return {
    target: { journeyId: journeyIdOf('hotline', caseId) },
    origin: { programme: 'hotline', ref: caseId },
    step: stepOf(event, 'hotline', caseId, { ...(division ? { division } : {}), ...(detail ? { detail } : {}) }),
    hotline: {
      caseId,
      ...(str(d, 'province') ? { province: str(d, 'province')! } : {}),
      ...(str(d, 'prefecture') ? { prefecture: str(d, 'prefecture')! } : {}),
      ...(county ? { county } : {}),
      ...(str(d, 'caseType') ? { caseType: str(d, 'caseType')! } : {}),
      ...(status ? { status } : {}),
    },
    personRefs: str(d, 'child.childRef') ? [str(d, 'child.childRef')!] : [],
    links: [],
    ...(name === 'CasePurged' ? { purged: { programme: 'hotline' as const, ref: caseId } } : {}),
  };
};

const reliefChange = (event: JourneyEvent, name: string): JourneyChange | undefined => {
  const d = event.data;
  const applicationId = str(d, 'applicationId');
  if (!applicationId) return undefined;
  const city = str(d, 'city') ?? str(d, 'form.city');
  const standard = str(d, 'standard') ?? str(d, 'form.standard');
  const detail = particulars({
    decision: str(d, 'decision'),
    amountFen: num(d, 'amountFen'),
    standard,
    channel: str(d, 'channel'),
    ruleVersion: str(d, 'ruleVersion'),
    releasedFen: num(d, 'releasedFen'),
  });
  const status = RELIEF_STATUS[name];
  const relief: ReliefFacts = {
    applicationId,
    ...(city ? { city } : {}),
    ...(standard ? { standard } : {}),
    ...(status ? { status } : {}),
  };
  const base = {
    step: stepOf(event, 'relief', applicationId, {
      ...(city ? { division: city } : {}),
      ...(detail ? { detail } : {}),
    }),
    relief,
  };
  const personRefs = [str(d, 'person.personRef'), str(d, 'form.personRef')].filter((r): r is string => r !== undefined);
  if (name === 'ApplicationDrafted') {
    const from = str(d, 'referral.fromProgramme') ?? 'relief';
    const caseId = str(d, 'referral.caseId') ?? applicationId;
    return {
      ...base,
      target: { journeyId: journeyIdOf(from, caseId) },
      origin: { programme: from, ref: caseId },
      personRefs,
      links: [`application:${applicationId}`],
    };
  }
  if (name === 'ApplicationSubmitted' && str(d, 'channel') === 'direct') {
    return {
      ...base,
      target: { journeyId: journeyIdOf('relief', applicationId) },
      origin: { programme: 'relief', ref: applicationId },
      personRefs,
      links: [`application:${applicationId}`],
    };
  }
  return { ...base, target: { applicationId }, personRefs, links: [] };
};

const referralChange = (event: JourneyEvent, name: string): JourneyChange | undefined => {
  const d = event.data;
  const referralId = str(d, 'referralId');
  if (!referralId) return undefined;
  if (name === 'Requested') {
    const from = (str(d, 'from.programme') ?? 'hotline') as Programme;
    const caseId = str(d, 'from.caseId') ?? referralId;
    const to = str(d, 'to');
    const detail = particulars({
      to,
      request: str(d, 'request.kind'),
      referralId,
      isChild: typeof d.person === 'object' ? Boolean((d.person as Data).isChild) : undefined,
    });
    return {
      target: { journeyId: journeyIdOf(from, caseId) },
      origin: { programme: from, ref: caseId },
      step: stepOf(event, from, caseId, {
        ...(str(d, 'from.division') ? { division: str(d, 'from.division')! } : {}),
        ...(detail ? { detail } : {}),
      }),
      referral: { referralId, ...(to ? { to } : {}), status: 'requested' },
      personRefs: str(d, 'person.personRef') ? [str(d, 'person.personRef')!] : [],
      links: [`referral:${referralId}`],
      ...(to ? { receiving: to } : {}),
    };
  }
  if (name !== 'OutcomeReported') return undefined;
  // Programmes fill from/to of a report either way round; the projection settles who reported from the
  // referral's receiving programme, which it linked when the request passed.
  const targetRef = str(d, 'targetRef') ?? referralId;
  const outcome = str(d, 'outcome');
  const detail = particulars({ outcome, referralId });
  const candidates = [str(d, 'from'), str(d, 'to')].filter((p): p is string => p !== undefined) as Programme[];
  return {
    target: { referralId },
    step: stepOf(event, candidates[0] ?? 'hotline', targetRef, detail ? { detail } : {}),
    referral: { referralId, ...(outcome ? { status: outcome } : {}) },
    reporters: candidates,
    personRefs: [],
    links: [],
  };
};

/** The journey change an event makes, or undefined when it has no place on a journey. */
export const journeyChangeOf = (event: JourneyEvent): JourneyChange | undefined => {
  const dot = event.type.indexOf('.');
  const programme = event.type.slice(0, dot);
  const name = event.type.slice(dot + 1);
  switch (programme) {
    case 'hotline':
      return name.startsWith('Contact') || name === 'CaseAccessed' ? undefined : hotlineChange(event, name);
    case 'relief':
      return RELIEF_STATUS[name] !== undefined || name === 'ApplicationAmended' || name === 'GovernmentReliefRecorded'
        ? reliefChange(event, name)
        : undefined;
    case 'referral':
      return referralChange(event, name);
    default:
      return undefined;
  }
};
