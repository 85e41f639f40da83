import { DomainRuleError, type Decider } from '@carebridge/decider';
import type { EventOf, ReferralOutcomeReported, ReferralRequested } from '@carebridge/event-schema';
import { assess } from '../assessment/assess';
import type { DivisionDirectory } from '../divisionDirectory';
import { chinaDateOf } from '../money';
import { programmeById } from '../programmes';
import {
  evolveApplication,
  initialApplicationState,
  type ApplicationEvent,
  type ApplicationForm,
  type ApplicationState,
  type ApplicationStatus,
  type Staff,
} from './application';

type Stamp = { readonly at: string; readonly by: Staff };

export type ApplicationCommand =
  | {
      readonly type: 'DraftFromReferral';
      readonly applicationId: string;
      readonly programmeId: string;
      readonly city?: string;
      readonly referral: EventOf<typeof ReferralRequested>['data'];
      readonly at: string;
    }
  | ({
      readonly type: 'Submit';
      readonly applicationId: string;
      readonly programmeId: string;
      readonly form: ApplicationForm;
    } & Stamp)
  | ({ readonly type: 'CompleteDraft'; readonly form: ApplicationForm } & Stamp)
  | ({
      readonly type: 'RecordGovernmentRelief';
      readonly recordId: string;
      readonly scheme: string;
      readonly amountFen: number;
      readonly grantedOn: string;
    } & Stamp)
  | ({ readonly type: 'Assess'; readonly grantHeldBy?: string } & Stamp)
  | ({ readonly type: 'Approve' } & Stamp)
  | ({ readonly type: 'Reject'; readonly reason: string } & Stamp)
  | ({ readonly type: 'RequestInformation'; readonly requested: string } & Stamp)
  | ({
      readonly type: 'RecordDisbursement';
      readonly amountFen: number;
      readonly paymentRef: string;
      readonly paidOn: string;
    } & Stamp)
  | ({ readonly type: 'Withdraw'; readonly reason?: string } & Stamp);

type Referral = EventOf<typeof ReferralOutcomeReported>['data'];

const refuse = (message: string, code: string, field?: string): never => {
  throw new DomainRuleError(message, code, field);
};

const requireStatus = (state: ApplicationState, allowed: readonly ApplicationStatus[], action: string): void => {
  if (state.status === 'none') refuse(`application does not exist`, 'not_found');
  if (!allowed.includes(state.status))
    refuse(`cannot ${action} an application that is ${state.status}`, 'invalid_status', 'status');
};

/**
 * A referral from another programme hears of each step, in the same commit as the step itself (so it can never
 * be lost between two writes). Agencies outside the suite refer over gRPC and read the application instead.
 */
const otherProgrammes: readonly string[] = ['hotline', 'dispatch', 'catalog'];

const reportBack = (
  state: ApplicationState,
  outcome: Referral['outcome'],
  at: string,
  detail?: string,
): ApplicationEvent[] =>
  state.referral && otherProgrammes.includes(state.referral.fromProgramme)
    ? [
        {
          type: 'referral.OutcomeReported',
          data: {
            referralId: state.referral.referralId,
            from: 'relief',
            to: state.referral.fromProgramme as Referral['to'],
            targetRef: state.applicationId!,
            outcome,
            ...(detail ? { detail } : {}),
            reportedAt: at,
          },
        },
      ]
    : [];

/**
 * When the form's applicant is the person the referral named (the same ID number, or the referral had none and the
 * name is the same), the form keeps the referral's person reference instead of the one minted from the number:
 * the referring programme named the person first, their data key is named after it, and its erasure must reach
 * the form. Another applicant (a guardian applying for the referred child) keeps their own reference and key.
 */
const adoptedForm = (state: ApplicationState, form: ApplicationForm): ApplicationForm => {
  const person = state.draft?.person;
  if (!person?.personRef) return form;
  const same = person.idNumber
    ? person.idNumber === form.applicant.idNumber
    : Boolean(person.name) && person.name === form.applicant.name;
  return same ? { ...form, personRef: person.personRef } : form;
};

export const createApplicationDecider = (
  directory: DivisionDirectory,
): Decider<ApplicationCommand, ApplicationState, ApplicationEvent> => {
  const decide = (command: ApplicationCommand, state: ApplicationState): readonly ApplicationEvent[] => {
    switch (command.type) {
      case 'DraftFromReferral': {
        if (state.status !== 'none') return []; // the referral was already turned into this draft
        const { referral } = command;
        const { person } = referral;
        const drafted: ApplicationEvent = {
          type: 'relief.ApplicationDrafted',
          data: {
            applicationId: command.applicationId,
            programmeId: command.programmeId,
            referral: {
              referralId: referral.referralId,
              fromProgramme: referral.from.programme,
              caseId: referral.from.caseId,
              division: referral.from.division,
            },
            person: {
              personRef: person.personRef,
              name: person.name,
              division: person.division,
              ...(person.idNumber ? { idNumber: person.idNumber } : {}),
              ...(person.phone ? { phone: person.phone } : {}),
            },
            ...(command.city ? { city: command.city } : {}),
            requestedStandard: referral.request.kind,
            ...(referral.request.note ? { note: referral.request.note } : {}),
            draftedAt: command.at,
          },
        };
        const next = evolveApplication(state, drafted);
        return [drafted, ...reportBack(next, 'received', command.at)];
      }
      case 'Submit':
        if (state.status !== 'none') refuse('application already exists', 'already_exists', 'applicationId');
        return [
          {
            type: 'relief.ApplicationSubmitted',
            data: {
              applicationId: command.applicationId,
              programmeId: command.programmeId,
              channel: 'direct',
              form: command.form,
              submittedAt: command.at,
              submittedBy: command.by,
            },
          },
        ];
      case 'CompleteDraft': {
        requireStatus(state, ['draft', 'info_requested'], 'complete');
        // A referred person keeps the reference the referral gave them (one person, one key, one erasure).
        const form = adoptedForm(state, command.form);
        if (state.status === 'draft') {
          return [
            {
              type: 'relief.ApplicationSubmitted',
              data: {
                applicationId: state.applicationId!,
                programmeId: state.programmeId!,
                channel: 'referral',
                form,
                submittedAt: command.at,
                submittedBy: command.by,
              },
            },
            ...reportBack(state, 'in_progress', command.at, 'submitted'),
          ];
        }
        return [
          {
            type: 'relief.ApplicationAmended',
            data: {
              applicationId: state.applicationId!,
              form,
              amendedAt: command.at,
              amendedBy: command.by,
            },
          },
        ];
      }
      case 'RecordGovernmentRelief':
        requireStatus(state, ['draft', 'submitted', 'assessed', 'info_requested'], 'record government relief on');
        if (state.governmentRelief.recordIds.includes(command.recordId)) return [];
        return [
          {
            type: 'relief.GovernmentReliefRecorded',
            data: {
              applicationId: state.applicationId!,
              recordId: command.recordId,
              scheme: command.scheme,
              amountFen: command.amountFen,
              grantedOn: command.grantedOn,
              recordedAt: command.at,
            },
          },
        ];
      case 'Assess': {
        requireStatus(state, ['submitted', 'assessed'], 'assess');
        const programme =
          programmeById(state.programmeId!) ??
          refuse(`unknown programme ${state.programmeId}`, 'unknown_programme', 'programmeId');
        const form = state.form!;
        const result = assess(
          {
            programme,
            standard: form.standard,
            householdDivision: form.householdDivision,
            amounts: form.amounts,
            governmentRelief: state.governmentRelief,
            submittedOn: chinaDateOf(state.submittedAt!),
            ...(command.grantHeldBy && command.grantHeldBy !== state.applicationId
              ? { grantHeldBy: command.grantHeldBy }
              : {}),
          },
          directory,
        );
        return [
          {
            type: 'relief.ApplicationAssessed',
            data: {
              applicationId: state.applicationId!,
              decision: result.decision,
              amountFen: result.amountFen,
              ruleVersion: result.ruleVersion,
              assessedFigureFen: result.assessedFigureFen,
              reasons: result.reasons.map((r) => ({ code: r.code, zh: r.zh, en: r.en })),
              basis: result.basis,
              formRevision: state.formRevision,
              assessedAt: command.at,
            },
          },
        ];
      }
      case 'Approve': {
        requireStatus(state, ['assessed'], 'approve');
        const a = state.assessment!;
        if (a.formRevision !== state.formRevision)
          refuse('the application changed since it was assessed; assess it again', 'stale_assessment');
        if (a.decision !== 'eligible')
          refuse(
            `the assessment found the application ineligible: ${a.reasons.map((r) => r.en).join('; ')}`,
            'ineligible',
          );
        return [
          {
            type: 'relief.ApplicationApproved',
            data: {
              applicationId: state.applicationId!,
              standard: state.form!.standard,
              amountFen: a.amountFen,
              ruleVersion: a.ruleVersion,
              city: state.form!.city,
              at: command.at,
              by: command.by,
            },
          },
          ...reportBack(state, 'approved', command.at),
        ];
      }
      case 'Reject':
        requireStatus(state, ['draft', 'submitted', 'assessed', 'info_requested', 'approved'], 'reject');
        return [
          {
            type: 'relief.ApplicationRejected',
            data: {
              applicationId: state.applicationId!,
              reason: command.reason,
              releasedFen: state.approvedFen,
              at: command.at,
              by: command.by,
            },
          },
          ...reportBack(state, 'rejected', command.at),
        ];
      case 'RequestInformation':
        requireStatus(state, ['submitted', 'assessed'], 'request information on');
        return [
          {
            type: 'relief.InformationRequested',
            data: { applicationId: state.applicationId!, requested: command.requested, at: command.at, by: command.by },
          },
        ];
      case 'RecordDisbursement':
        requireStatus(state, ['approved'], 'disburse');
        if (command.amountFen !== state.approvedFen) {
          refuse(`disbursement must be the approved amount ${state.approvedFen} fen`, 'amount_mismatch', 'amount_fen');
        }
        return [
          {
            type: 'relief.DisbursementRecorded',
            data: {
              applicationId: state.applicationId!,
              amountFen: command.amountFen,
              paymentRef: command.paymentRef,
              paidOn: command.paidOn,
              city: state.form!.city,
              at: command.at,
              by: command.by,
            },
          },
          ...reportBack(state, 'paid', command.at),
        ];
      case 'Withdraw':
        requireStatus(state, ['draft', 'submitted', 'assessed', 'info_requested', 'approved'], 'withdraw');
        return [
          {
            type: 'relief.ApplicationWithdrawn',
            data: {
              applicationId: state.applicationId!,
              ...(command.reason ? { reason: command.reason } : {}),
              releasedFen: state.approvedFen,
              at: command.at,
              by: command.by,
            },
          },
          ...reportBack(state, 'withdrawn', command.at),
        ];
      default: {
        const unreachable: never = command;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  };
  return { initialState: initialApplicationState, decide, evolve: evolveApplication };
};
