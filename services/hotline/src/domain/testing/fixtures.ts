import type { ContactRecord } from '../contact';
import { createCaseDecider } from '../caseDecider';
import { defaultDeadlineRules } from '../deadlines';
import { qinghai } from '../jurisdictions';
import type { By } from '../vocabulary';

/** Shared given/when/then material: a Xining intake desk, a Datong county handler, one emergency contact. */
export const jurisdictions = qinghai();
export const decider = createCaseDecider({ jurisdictions, deadlines: defaultDeadlineRules });

export const XINING = '630100';
export const DATONG = '630121'; // 大通县, Xining
export const LEDU = '630202'; // 乐都区, Haidong
export const operator: By = { subject: 'op-1', role: 'hotline.operator', division: XINING };
export const handler: By = { subject: 'h-1', role: 'hotline.handler', division: DATONG };

export const T0 = '2026-03-01T08:00:00.000Z';
export const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export const contact = (over: Partial<ContactRecord> = {}): ContactRecord => ({
  contactId: 'c-1',
  channel: 'phone',
  prefecture: XINING,
  caller: { name: '王老师', phone: '13800000000', relation: 'teacher', anonymous: false },
  child: { childRef: 'child-1', name: '小明', age: 9, locationDivision: DATONG },
  caseType: 'rights_violation',
  urgency: 'emergency',
  narrative: 'neighbour reports the child left alone for days',
  receivedAt: T0,
  recordedBy: operator,
  ...over,
});
