import { DomainRuleError, type Decider } from '@carebridge/decider';
import type { CaseCommand } from './caseCommands';
import { evolveCase, initialCaseState, type CaseEvent, type CaseState, type OpenCaseState } from './caseState';
import { checkDeadlines } from './deadlineWatch';
import { deadlinesFrom, isAfter, type DeadlineRules } from './deadlines';
import type { Jurisdictions } from './jurisdictions';
import { referralRequested } from './referral';
import { retentionEnded } from './retention';
import { urgencies, type Urgency } from './vocabulary';

export type CaseDeciderDeps = { readonly jurisdictions: Jurisdictions; readonly deadlines: DeadlineRules };

const rule = (message: string, code: string, field?: string) => new DomainRuleError(message, code, field);

const mostUrgent = (list: readonly Urgency[]): Urgency => urgencies.find((u) => list.includes(u)) ?? 'normal';

const mustExist = (state: CaseState): OpenCaseState => {
  if (state.status === 'none') throw rule('the case does not exist', 'case_unknown', 'caseId');
  return state;
};
const mustBeOpen = (state: CaseState): OpenCaseState => {
  const open = mustExist(state);
  if (open.closed) throw rule('the case is closed; reopen it first', 'case_closed');
  return open;
};

/** The case aggregate: intake at the prefecture, handling at the county, deadlines watched throughout. */
export const createCaseDecider = ({
  jurisdictions,
  deadlines,
}: CaseDeciderDeps): Decider<CaseCommand, CaseState, CaseEvent> => ({
  initialState: initialCaseState,
  evolve: evolveCase,
  decide: (command, state): CaseEvent[] => {
    // A purged case is kept only as the fact that it was: no command changes it any more.
    if (state.status === 'exists' && state.purgedAt) {
      if (command.type === 'PurgeCase' || command.type === 'CheckDeadlines') return [];
      throw rule('the case was purged at the end of its retention period', 'case_purged');
    }
    switch (command.type) {
      case 'OpenCase': {
        const { caseId, contacts, at, by } = command.data;
        if (state.status === 'exists') return []; // same case id = same idempotency key
        const first = contacts[0];
        if (!first) throw rule('a case is opened from at least one contact', 'no_contacts', 'contactIds');
        const scope = jurisdictions.scopeOf(first.child.locationDivision)!;
        for (const c of contacts) {
          if (c.caseId && c.caseId !== caseId)
            throw rule(`contact ${c.contactId} already belongs to case ${c.caseId}`, 'contact_linked', 'contactIds');
          if (jurisdictions.scopeOf(c.child.locationDivision)?.prefecture !== scope.prefecture) {
            throw rule('all contacts of a case must concern the same prefecture', 'mixed_prefectures', 'contactIds');
          }
        }
        const urgency = mostUrgent(contacts.map((c) => c.urgency));
        return [
          {
            type: 'hotline.CaseOpened',
            data: {
              caseId,
              contactIds: contacts.map((c) => c.contactId),
              province: scope.province,
              prefecture: scope.prefecture,
              child: first.child,
              caseType: first.caseType,
              urgency,
              ruleVersion: deadlines.ruleVersion,
              deadlines: deadlinesFrom(deadlines, urgency, 'opened', at),
              openedAt: at,
              openedBy: by,
            },
          },
        ];
      }
      case 'AssignCase': {
        const open = mustBeOpen(state);
        if (open.handling === 'accepted') throw rule('an accepted case cannot be reassigned', 'already_accepted');
        const located = jurisdictions.scopeOf(open.child.locationDivision)?.county;
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing -- an empty county (proto3's unset) falls back to the child's location
        const county = command.data.county || located;
        if (!county) throw rule("the child's location names no county: choose one", 'county_required', 'county');
        if (located && county !== located)
          throw rule(`the case belongs to the county of the child's location (${located})`, 'wrong_county', 'county');
        if (!jurisdictions.countiesOf(open.scope.prefecture).includes(county)) {
          throw rule(
            `county ${county} is not in prefecture ${open.scope.prefecture}`,
            'county_outside_prefecture',
            'county',
          );
        }
        if (open.scope.county === county && open.handling === 'assigned') return [];
        return [
          {
            type: 'hotline.CaseAssigned',
            data: { caseId: open.caseId, county, assignedAt: command.data.at, assignedBy: command.data.by },
          },
        ];
      }
      case 'AcceptCase': {
        const open = mustBeOpen(state);
        if (open.handling === 'accepted') return [];
        if (open.handling !== 'assigned' || !open.scope.county)
          throw rule('the case is not assigned to a county yet', 'not_assigned');
        const dueAt = open.clocks.acceptance?.dueAt ?? command.data.at;
        return [
          {
            type: 'hotline.CaseAccepted',
            data: {
              caseId: open.caseId,
              county: open.scope.county,
              acceptedAt: command.data.at,
              acceptedBy: command.data.by,
              dueAt,
              late: isAfter(command.data.at, dueAt),
              deadlines: deadlinesFrom(deadlines, open.urgency, 'accepted', command.data.at),
            },
          },
        ];
      }
      case 'RecordAction': {
        const open = mustBeOpen(state);
        if (open.actionIds.includes(command.data.actionId)) return [];
        if (open.handling !== 'accepted')
          throw rule('the county must accept the case before acting on it', 'not_accepted');
        return [{ type: 'hotline.ActionRecorded', data: { caseId: open.caseId, ...command.data } }];
      }
      case 'ReferCase': {
        const open = mustBeOpen(state);
        const { referralId, target, note, at, by } = command.data;
        if (open.referrals[referralId]) return [];
        const referred: CaseEvent = {
          type: 'hotline.CaseReferred',
          data: { caseId: open.caseId, referralId, target, ...(note ? { note } : {}), at, by },
        };
        return target.kind === 'programme' ? [referred, referralRequested(open, command.data, target)] : [referred];
      }
      case 'RecordReferralOutcome': {
        const open = mustExist(state);
        const { referralId, outcome, reportedAt, at } = command.data;
        const referral = open.referrals[referralId];
        if (!referral) throw rule(`referral ${referralId} is not on this case`, 'referral_unknown', 'referralId');
        if (referral.outcomes.includes(`${outcome}@${reportedAt}`)) return []; // redelivered outcome
        const { targetRef, detail } = command.data;
        return [
          {
            type: 'hotline.ReferralOutcomeRecorded',
            data: {
              caseId: open.caseId,
              referralId,
              outcome,
              ...(targetRef ? { targetRef } : {}),
              ...(detail ? { detail } : {}),
              reportedAt,
              recordedAt: at,
            },
          },
        ];
      }
      case 'RecordReply': {
        const open = mustBeOpen(state);
        return [{ type: 'hotline.ReplyRecorded', data: { caseId: open.caseId, ...command.data } }];
      }
      case 'CloseCase': {
        const open = mustBeOpen(state);
        if (!open.replied) throw rule('the caller has had no unified reply (统一回复) yet', 'reply_missing', 'reply');
        return [{ type: 'hotline.CaseClosed', data: { caseId: open.caseId, ...command.data } }];
      }
      case 'ReopenCase': {
        const open = mustExist(state);
        if (!open.closed) throw rule('only a closed case can be reopened', 'not_closed');
        const dues = deadlinesFrom(deadlines, open.urgency, 'opened', command.data.at, ['reply', 'resolution']);
        return [{ type: 'hotline.CaseReopened', data: { caseId: open.caseId, ...command.data, deadlines: dues } }];
      }
      case 'CheckDeadlines':
        return state.status === 'none' ? [] : checkDeadlines(state, command.data.now, deadlines, jurisdictions);
      case 'PurgeCase': {
        const open = mustExist(state);
        const { now, retentionMinutes, ruleVersion } = command.data;
        if (!open.closed || !open.closedAt) throw rule('only a closed case is purged', 'not_closed');
        if (!retentionEnded(open.closedAt, retentionMinutes, now))
          throw rule('the retention period of the case has not run out', 'retention_running');
        return [
          {
            type: 'hotline.CasePurged',
            data: { caseId: open.caseId, closedAt: open.closedAt, retentionMinutes, ruleVersion, purgedAt: now },
          },
        ];
      }
      default: {
        const unreachable: never = command;
        throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
      }
    }
  },
});
