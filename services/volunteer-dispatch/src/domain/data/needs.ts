import type { SkillCode } from './skills';

/**
 * What a resident or a community can order (点单), and what it takes: the skills every assignee must hold
 * and the time it usually needs. "Groceries" needs no special skill: anyone serving the community may go.
 * Medicine purchase needs pharmacy knowledge: the right drug, the right dose, the prescription questions.
 */
export const needsRuleVersion = '2024.1';

export const needs = [
  { code: 'medicine_delivery', zh: '药品代购代送', requiredSkills: ['pharmacy'], defaultMinutes: 180 },
  { code: 'groceries', zh: '粮油蔬菜代购代送', requiredSkills: [], defaultMinutes: 90 },
  { code: 'temperature_check', zh: '体温检测', requiredSkills: ['temperature_check'], defaultMinutes: 120 },
  { code: 'elder_visit', zh: '探访老人', requiredSkills: ['elder_care'], defaultMinutes: 60 },
  { code: 'lecture', zh: '宣讲讲座', requiredSkills: ['lecturing'], defaultMinutes: 120 },
  { code: 'counselling', zh: '心理疏导', requiredSkills: ['counselling'], defaultMinutes: 60 },
  { code: 'medical_escort', zh: '陪同就医', requiredSkills: ['medical', 'driving'], defaultMinutes: 180 },
  { code: 'registration', zh: '信息登记排查', requiredSkills: ['registration'], defaultMinutes: 120 },
  { code: 'order_keeping', zh: '秩序维护', requiredSkills: ['order_keeping'], defaultMinutes: 120 },
  { code: 'tutoring', zh: '课业辅导', requiredSkills: ['tutoring'], defaultMinutes: 90 },
] as const satisfies readonly {
  code: string;
  zh: string;
  requiredSkills: readonly SkillCode[];
  defaultMinutes: number;
}[];

export type NeedCode = (typeof needs)[number]['code'];
export type Need = (typeof needs)[number];

const byCode = new Map<string, Need>(needs.map((n) => [n.code, n]));
export const needOf = (code: string): Need | undefined => byCode.get(code);

/** Urgency decides how long a volunteer may think about an offer before it goes to the next one (offerDeadlines.ts). */
export const urgencies = ['routine', 'urgent', 'critical'] as const;
export type Urgency = (typeof urgencies)[number];

/** Defaults when a volunteer registers without saying: two tasks at once, eight hours a day. */
export const defaultCaps = { maxConcurrentTasks: 2, maxMinutesPerDay: 8 * 60 } as const;
