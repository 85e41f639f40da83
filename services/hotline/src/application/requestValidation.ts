import { ValidationError } from '@carebridge/decider';
import type { ReferralTarget } from '../domain/caseCommands';
import {
  actionKinds,
  closeOutcomes,
  isOneOf,
  otherHotlines,
  referralProgrammes,
  replyChannels,
  type ActionKind,
  type CloseOutcome,
  type OtherHotline,
  type ReplyChannel,
} from '../domain/vocabulary';

type Violation = { field: string; description: string };

/** Collects every bad field of a request, then throws them together (INVALID_ARGUMENT). */
export const collect = () => {
  const violations: Violation[] = [];
  return {
    require(ok: boolean, field: string, description: string) {
      if (!ok) violations.push({ field, description });
    },
    done() {
      if (violations.length > 0) throw new ValidationError(violations);
    },
  };
};

const text = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

export const checkCaseId = (caseId: unknown) => {
  const c = collect();
  c.require(text(caseId), 'case_id', 'is required');
  c.done();
};

export const checkAction = (kind: string, note: string): { kind: ActionKind; note: string } => {
  const c = collect();
  c.require(isOneOf(actionKinds, kind), 'kind', `must be one of ${actionKinds.join(', ')}`);
  c.require(text(note), 'note', 'must describe what was done');
  c.done();
  return { kind: kind as ActionKind, note };
};

export type TargetInput = { hotline?: string; programme?: string; request?: string; serviceId?: string };
export const checkReferral = (target: TargetInput): ReferralTarget => {
  const c = collect();
  if (target.hotline) {
    c.require(!target.programme, 'target', 'name a hotline or a programme, not both');
    c.require(isOneOf(otherHotlines, target.hotline), 'target.hotline', `must be one of ${otherHotlines.join(', ')}`);
    c.done();
    return { kind: 'hotline', number: target.hotline as OtherHotline };
  }
  c.require(
    isOneOf(referralProgrammes, target.programme),
    'target.programme',
    `must be one of ${referralProgrammes.join(', ')} (or give target.hotline)`,
  );
  c.require(text(target.request), 'target.request', 'must say what is asked of the programme');
  c.done();
  return {
    kind: 'programme',
    programme: target.programme as (typeof referralProgrammes)[number],
    request: target.request!,
    ...(target.serviceId ? { serviceId: target.serviceId } : {}),
  };
};

export const checkReply = (channel: string, summary: string): { channel: ReplyChannel; summary: string } => {
  const c = collect();
  c.require(isOneOf(replyChannels, channel), 'channel', `must be one of ${replyChannels.join(', ')}`);
  c.require(text(summary), 'summary', 'must say what the caller was told');
  c.done();
  return { channel: channel as ReplyChannel, summary };
};

export const checkClose = (outcome: string, summary: string): { outcome: CloseOutcome; summary: string } => {
  const c = collect();
  c.require(isOneOf(closeOutcomes, outcome), 'outcome', `must be one of ${closeOutcomes.join(', ')}`);
  c.require(text(summary), 'summary', 'must summarise the outcome');
  c.done();
  return { outcome: outcome as CloseOutcome, summary };
};

export const checkText = (value: string, field: string, description: string): string => {
  const c = collect();
  c.require(text(value), field, description);
  c.done();
  return value;
};
