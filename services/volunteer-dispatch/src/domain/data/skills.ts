/**
 * The skills a volunteer can declare and an order can require. Data, not code: adding a skill is a new row
 * and a new rule version. Codes are stable (they are stored in events); names are for people.
 */
export const skillsRuleVersion = '2024.1';

export const skills = [
  { code: 'pharmacy', zh: '医药知识', en: 'pharmacy knowledge' },
  { code: 'driving', zh: '驾驶', en: 'driving' },
  { code: 'medical', zh: '医疗', en: 'medical' },
  { code: 'counselling', zh: '心理疏导', en: 'counselling' },
  { code: 'elder_care', zh: '助老服务', en: 'elder care' },
  { code: 'lecturing', zh: '宣讲授课', en: 'lecturing' },
  { code: 'temperature_check', zh: '体温检测', en: 'temperature checks' },
  { code: 'registration', zh: '信息登记', en: 'information registration' },
  { code: 'publicity', zh: '宣传', en: 'publicity' },
  { code: 'order_keeping', zh: '秩序维护', en: 'keeping order' },
  { code: 'tutoring', zh: '课业辅导', en: 'tutoring' },
  { code: 'sign_language', zh: '手语', en: 'sign language' },
] as const;

export type SkillCode = (typeof skills)[number]['code'];

const codes = new Set<string>(skills.map((s) => s.code));
export const isSkill = (code: string): code is SkillCode => codes.has(code);
