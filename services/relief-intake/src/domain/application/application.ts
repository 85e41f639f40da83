import type {
  EventOf,
  ReferralOutcomeReported,
  ReliefApplicationAmended,
  ReliefApplicationApproved,
  ReliefApplicationAssessed,
  ReliefApplicationDrafted,
  ReliefApplicationRejected,
  ReliefApplicationSubmitted,
  ReliefApplicationWithdrawn,
  ReliefDisbursementRecorded,
  ReliefGovernmentReliefRecorded,
  ReliefInformationRequested,
} from '@carebridge/event-schema';
import { omit } from '@carebridge/decider';

export type ApplicationEvent =
  | EventOf<typeof ReliefApplicationDrafted>
  | EventOf<typeof ReliefApplicationSubmitted>
  | EventOf<typeof ReliefApplicationAmended>
  | EventOf<typeof ReliefGovernmentReliefRecorded>
  | EventOf<typeof ReliefApplicationAssessed>
  | EventOf<typeof ReliefApplicationApproved>
  | EventOf<typeof ReliefApplicationRejected>
  | EventOf<typeof ReliefInformationRequested>
  | EventOf<typeof ReliefDisbursementRecorded>
  | EventOf<typeof ReliefApplicationWithdrawn>
  | EventOf<typeof ReferralOutcomeReported>;

export type ApplicationForm = EventOf<typeof ReliefApplicationSubmitted>['data']['form'];
export type Staff = EventOf<typeof ReliefApplicationSubmitted>['data']['submittedBy'];
export type AssessmentRecord = Omit<EventOf<typeof ReliefApplicationAssessed>['data'], 'applicationId'>;

export type ApplicationStatus =
  'none' | 'draft' | 'submitted' | 'assessed' | 'info_requested' | 'approved' | 'rejected' | 'disbursed' | 'withdrawn';

export type ApplicationState = {
  readonly status: ApplicationStatus;
  readonly applicationId?: string;
  readonly programmeId?: string;
  readonly referral?: { readonly referralId: string; readonly fromProgramme: string };
  readonly draft?: EventOf<typeof ReliefApplicationDrafted>['data'];
  readonly form?: ApplicationForm;
  readonly submittedAt?: string;
  /** Bumped by every change an assessment depends on; an approval needs an assessment of the current revision. */
  readonly formRevision: number;
  readonly governmentRelief: {
    readonly records: number;
    readonly totalFen: number;
    readonly recordIds: readonly string[];
  };
  readonly assessment?: AssessmentRecord;
  readonly approvedFen: number;
  readonly requested?: string;
  readonly disbursement?: { readonly paymentRef: string; readonly paidOn: string; readonly amountFen: number };
  readonly closedReason?: string;
  readonly updatedAt?: string;
};

export const initialApplicationState = (): ApplicationState => ({
  status: 'none',
  formRevision: 0,
  governmentRelief: { records: 0, totalFen: 0, recordIds: [] },
  approvedFen: 0,
});

export const evolveApplication = (state: ApplicationState, event: ApplicationEvent): ApplicationState => {
  switch (event.type) {
    case 'relief.ApplicationDrafted': {
      const { data } = event;
      return {
        ...state,
        status: 'draft',
        applicationId: data.applicationId,
        programmeId: data.programmeId,
        referral: { referralId: data.referral.referralId, fromProgramme: data.referral.fromProgramme },
        draft: data,
        updatedAt: data.draftedAt,
      };
    }
    case 'relief.ApplicationSubmitted':
      return {
        ...state,
        status: 'submitted',
        applicationId: event.data.applicationId,
        programmeId: event.data.programmeId,
        form: event.data.form,
        submittedAt: event.data.submittedAt,
        formRevision: state.formRevision + 1,
        updatedAt: event.data.submittedAt,
      };
    case 'relief.ApplicationAmended':
      return {
        ...state,
        status: 'submitted',
        form: event.data.form,
        formRevision: state.formRevision + 1,
        updatedAt: event.data.amendedAt,
      };
    case 'relief.GovernmentReliefRecorded': {
      const g = state.governmentRelief;
      return {
        ...state,
        // A new fact about the hardship: an earlier assessment no longer describes it.
        status: state.status === 'assessed' ? 'submitted' : state.status,
        formRevision: state.formRevision + 1,
        governmentRelief: {
          records: g.records + 1,
          totalFen: g.totalFen + event.data.amountFen,
          recordIds: [...g.recordIds, event.data.recordId],
        },
        updatedAt: event.data.recordedAt,
      };
    }
    case 'relief.ApplicationAssessed': {
      const assessment = omit(event.data, 'applicationId');
      return { ...state, status: 'assessed', assessment, updatedAt: event.data.assessedAt };
    }
    case 'relief.ApplicationApproved':
      return { ...state, status: 'approved', approvedFen: event.data.amountFen, updatedAt: event.data.at };
    case 'relief.ApplicationRejected':
      return {
        ...state,
        status: 'rejected',
        approvedFen: 0,
        closedReason: event.data.reason,
        updatedAt: event.data.at,
      };
    case 'relief.InformationRequested':
      return { ...state, status: 'info_requested', requested: event.data.requested, updatedAt: event.data.at };
    case 'relief.DisbursementRecorded':
      return {
        ...state,
        status: 'disbursed',
        disbursement: { paymentRef: event.data.paymentRef, paidOn: event.data.paidOn, amountFen: event.data.amountFen },
        updatedAt: event.data.at,
      };
    case 'relief.ApplicationWithdrawn':
      return {
        ...state,
        status: 'withdrawn',
        approvedFen: 0,
        ...(event.data.reason ? { closedReason: event.data.reason } : {}),
        updatedAt: event.data.at,
      };
    case 'referral.OutcomeReported':
      return state;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
};
