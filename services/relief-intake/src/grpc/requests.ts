import { parsePageRequest } from '@carebridge/grpc-kit';
import type { ApplicationStatus } from '../domain/application/application';
import { programmeById, standardCodes } from '../domain/programmes';
import type { ListFilter } from '../application/queries';
import { checkForm, type createChecks, type FormMessage } from './validation';

/**
 * carebridge.relief.v1 requests → application inputs. Each parser records every bad field on the checks it is
 * given and returns what it could read; the handler throws once, after the idempotency key is checked too.
 */
type Checks = ReturnType<typeof createChecks>;

const listableStatuses: readonly Exclude<ApplicationStatus, 'none'>[] = [
  'draft',
  'submitted',
  'assessed',
  'info_requested',
  'approved',
  'rejected',
  'disbursed',
  'withdrawn',
];

const programmeId = (c: Checks, value: string | undefined, required = false): string | undefined => {
  const v = c.text('programme_id', value, { required, max: 120 });
  if (v !== undefined && !programmeById(v)) c.bad('programme_id', `${v} is not a known programme`);
  return v;
};

export const applicationIdOf = (c: Checks, req: { applicationId?: string }): string =>
  c.text('application_id', req.applicationId, { required: true, max: 200 }) ?? '';

export const parseSubmit = (c: Checks, req: { programmeId?: string; form?: FormMessage | null }) => {
  const programme = programmeId(c, req.programmeId);
  return { ...(programme ? { programmeId: programme } : {}), form: checkForm(c, req.form) };
};

export type ReferMessage = {
  programmeId?: string;
  referringAgency?: string;
  agencyCaseId?: string;
  agencyDivision?: string;
  name?: string;
  idNumber?: string;
  phone?: string;
  householdDivision?: string;
  requestedStandard?: string;
  note?: string;
};

export const parseRefer = (c: Checks, req: ReferMessage) => {
  const programme = programmeId(c, req.programmeId);
  const agency = c.text('referring_agency', req.referringAgency, { required: true, max: 200 }) ?? '';
  const agencyCaseId = c.text('agency_case_id', req.agencyCaseId, { required: true, max: 100 }) ?? '';
  const agencyDivision = c.division('agency_division', req.agencyDivision) ?? '';
  const name = c.text('name', req.name, { required: true, max: 100 }) ?? '';
  const idNumber = c.idNumber('id_number', req.idNumber, { required: false });
  const phone = c.text('phone', req.phone, { max: 30 });
  const division = c.division('household_division', req.householdDivision) ?? '';
  const requested = c.text('requested_standard', req.requestedStandard);
  if (requested !== undefined && !(standardCodes as readonly string[]).includes(requested))
    c.bad('requested_standard', `must be one of ${standardCodes.join(', ')}`);
  const note = c.text('note', req.note, { max: 2000 });
  return {
    ...(programme ? { programmeId: programme } : {}),
    agency,
    agencyCaseId,
    agencyDivision,
    person: { name, division, ...(idNumber ? { idNumber } : {}), ...(phone ? { phone } : {}) },
    requestedStandard: requested ?? '',
    ...(note ? { note } : {}),
  };
};

export const parseGovernmentRelief = (c: Checks, req: { scheme?: string; amountFen?: string; grantedOn?: string }) => ({
  scheme: c.text('scheme', req.scheme, { required: true, max: 100 }) ?? '',
  amountFen: c.fen('amount_fen', req.amountFen, { required: true }),
  grantedOn: c.day('granted_on', req.grantedOn) ?? '',
});

export const parseDisbursement = (c: Checks, req: { amountFen?: string; paymentRef?: string; paidOn?: string }) => ({
  amountFen: c.fen('amount_fen', req.amountFen, { required: true, positive: true }),
  paymentRef: c.text('payment_ref', req.paymentRef, { required: true, max: 100 }) ?? '',
  paidOn: c.day('paid_on', req.paidOn) ?? '',
});

export const parseList = (
  c: Checks,
  req: {
    city?: string;
    status?: string;
    standard?: string;
    submittedFrom?: string;
    submittedTo?: string;
    pageSize?: number;
    pageToken?: string;
  },
): ListFilter => {
  const city = c.division('city', req.city, { required: false });
  if (city && !city.endsWith('00')) c.bad('city', 'must be a prefecture (市) code, ending in 00');
  const status = c.text('status', req.status);
  if (status !== undefined && !(listableStatuses as readonly string[]).includes(status))
    c.bad('status', `must be one of ${listableStatuses.join(', ')}`);
  const standard = c.text('standard', req.standard);
  if (standard !== undefined && !(standardCodes as readonly string[]).includes(standard))
    c.bad('standard', `must be one of ${standardCodes.join(', ')}`);
  const from = req.submittedFrom ? c.day('submitted_from', req.submittedFrom) : undefined;
  const to = req.submittedTo ? c.day('submitted_to', req.submittedTo) : undefined;
  if (from && to && from > to) c.bad('submitted_to', 'must not be before submitted_from');
  const page = parsePageRequest(req);
  if ('violations' in page) page.violations.forEach((v) => c.bad(v.field, v.description));
  return {
    ...(city ? { city } : {}),
    ...(status ? { status } : {}),
    ...(standard ? { standard } : {}),
    ...(from ? { submittedFrom: from } : {}),
    ...(to ? { submittedTo: to } : {}),
    ...('limit' in page ? { pageSize: page.limit, ...(page.pageToken ? { pageToken: page.pageToken } : {}) } : {}),
  };
};

export const parseContribution = (
  c: Checks,
  req: {
    programmeId?: string;
    contributionId?: string;
    contributorDivision?: string;
    amountFen?: string;
    receivedOn?: string;
    reference?: string;
  },
) => {
  const reference = c.text('reference', req.reference, { max: 200 });
  return {
    programmeId: programmeId(c, req.programmeId, true) ?? '',
    contributionId: c.text('contribution_id', req.contributionId, { required: true, max: 100 }) ?? '',
    contributorDivision: c.division('contributor_division', req.contributorDivision) ?? '',
    amountFen: c.fen('amount_fen', req.amountFen, { required: true, positive: true }),
    receivedOn: c.day('received_on', req.receivedOn) ?? '',
    ...(reference ? { reference } : {}),
  };
};

export const parseFundBalance = (c: Checks, req: { programmeId?: string }): string =>
  programmeId(c, req.programmeId, true) ?? '';
