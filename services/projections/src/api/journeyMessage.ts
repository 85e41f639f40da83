import type { JourneyDoc, JourneyStep } from '../journey/journeyTypes';

/** The proto3 (JSON-mapped, lowerCamel) shape of a journey; detail values as text. */
const stepMessage = (s: JourneyStep) => ({
  id: s.id,
  programme: s.programme,
  step: s.step,
  ref: s.ref,
  actorRole: s.actorRole ?? '',
  division: s.division ?? '',
  at: s.at,
  recordedAt: s.recordedAt,
  detail: Object.fromEntries(Object.entries(s.detail ?? {}).map(([k, v]) => [k, String(v)])),
});

export const journeyMessage = (j: JourneyDoc) => ({
  id: j.id,
  originProgramme: j.origin.programme,
  originRef: j.origin.ref,
  ...(j.hotline
    ? {
        hotline: {
          caseId: j.hotline.caseId,
          province: j.hotline.province ?? '',
          prefecture: j.hotline.prefecture ?? '',
          county: j.hotline.county ?? '',
          caseType: j.hotline.caseType ?? '',
          status: j.hotline.status ?? '',
        },
      }
    : {}),
  relief: j.relief.map((a) => ({
    applicationId: a.applicationId,
    city: a.city ?? '',
    standard: a.standard ?? '',
    status: a.status ?? '',
  })),
  referrals: j.referrals.map((r) => ({ referralId: r.referralId, to: r.to ?? '', status: r.status ?? '' })),
  personRefs: [...j.personRefs],
  steps: j.steps.map(stepMessage),
  startedAt: j.startedAt,
  updatedAt: j.updatedAt,
});
