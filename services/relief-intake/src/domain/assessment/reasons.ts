import { formatYuan } from '../money';
import type { Bilingual, ProgrammeRules, StandardRule, Tier } from '../programmes';

/** Why an application does not qualify; one per unmet condition, all of them, never just the first. */
export type ReasonCode =
  | 'outside_eligible_divisions'
  | 'outside_programme_window'
  | 'standard_not_offered'
  | 'government_relief_not_recorded'
  | 'below_threshold'
  | 'still_covered_after_compensation'
  | 'already_granted';

export type Reason = Bilingual & { readonly code: ReasonCode };

const tierText = (tier: Tier): string =>
  tier.maxExclusiveFen === undefined
    ? `>= ${formatYuan(tier.minFen)}`
    : `>= ${formatYuan(tier.minFen)} and < ${formatYuan(tier.maxExclusiveFen)}`;

export const reasons = {
  outsideDivisions: (division: string, programme: ProgrammeRules): Reason => ({
    code: 'outside_eligible_divisions',
    zh: `户籍地 ${division} 不在本项目救助范围（${programme.eligiblePrefectures.join('、')} 及所辖县区）内`,
    en: `Household registration ${division} is outside the programme's divisions (${programme.eligiblePrefectures.join(', ')} and every county under them)`,
  }),
  outsideWindow: (date: string, programme: ProgrammeRules): Reason => ({
    code: 'outside_programme_window',
    zh: `申请日期 ${date} 不在项目期 ${programme.window.from} 至 ${programme.window.to} 内`,
    en: `Application date ${date} is outside the programme period ${programme.window.from} to ${programme.window.to}`,
  }),
  standardNotOffered: (standard: string, programme: ProgrammeRules): Reason => ({
    code: 'standard_not_offered',
    zh: `本项目（${programme.id}）未设“${standard}”救助标准`,
    en: `Programme ${programme.id} has no standard "${standard}"`,
  }),
  governmentReliefMissing: (): Reason => ({
    code: 'government_relief_not_recorded',
    zh: '尚未登记政府救助情况：慈善再救助在政府救助基础上进行',
    en: 'No government relief has been recorded yet: charity re-relief tops up government relief',
  }),
  belowThreshold: (rule: StandardRule, figureFen: number, lowest: Tier): Reason => ({
    code: 'below_threshold',
    zh: `${rule.title.zh}：${rule.tierBasis === 'net' ? '个人承担费用' : '损失金额'} ${formatYuan(figureFen)} 元，未达到 ${tierText(lowest)} 元`,
    en: `${rule.title.en}: ${rule.tierBasis === 'net' ? 'personal share' : 'amount'} of ${formatYuan(figureFen)} yuan does not reach ${tierText(lowest)} yuan`,
  }),
  coveredAfterCompensation: (rule: StandardRule, grossFen: number, receivedFen: number, lowest: Tier): Reason => ({
    code: 'still_covered_after_compensation',
    zh: `${rule.title.zh}：损失 ${formatYuan(grossFen)} 元，已获赔偿、保险及其他帮困 ${formatYuan(receivedFen)} 元，剩余 ${formatYuan(Math.max(0, grossFen - receivedFen))} 元未达到 ${tierText(lowest)} 元，家庭负担不属“仍然较重”`,
    en: `${rule.title.en}: of ${formatYuan(grossFen)} yuan, ${formatYuan(receivedFen)} yuan was covered by compensation, insurance and other help; the remaining ${formatYuan(Math.max(0, grossFen - receivedFen))} yuan does not reach ${tierText(lowest)} yuan, so the burden is not "still heavy"`,
  }),
  alreadyGranted: (rule: StandardRule, otherApplicationId: string): Reason => ({
    code: 'already_granted',
    zh: `申请人已在本项目期内获得“${rule.title.zh}”一次性救助（申请 ${otherApplicationId}），每人每项标准限一次`,
    en: `The applicant already received the one-off "${rule.title.en}" payment in this programme period (application ${otherApplicationId}); each standard is paid once per person`,
  }),
};

export const basisOf = (rule: StandardRule, figureFen: number, tier: Tier, programme: ProgrammeRules): Bilingual => ({
  zh: `${rule.title.zh}：认定金额 ${formatYuan(figureFen)} 元，属 ${tierText(tier)} 元档，一次性救助 ${formatYuan(tier.amountFen)} 元（规则 ${programme.ruleVersion}）`,
  en: `${rule.title.en}: assessed figure ${formatYuan(figureFen)} yuan falls in the ${tierText(tier)} yuan band; one-off payment ${formatYuan(tier.amountFen)} yuan (rules ${programme.ruleVersion})`,
});
