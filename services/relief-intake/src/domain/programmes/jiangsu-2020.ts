import type { ProgrammeRules } from './types';

/**
 * Jiangsu "帮特困、助急难" charity re-relief (慈善再救助), Department of Civil Affairs and Provincial Charity
 * Federation, trial from July 2020 for one year. Every figure below is from the notice; money in fen.
 */
export const jiangsu2020: ProgrammeRules = {
  id: 'jiangsu-2020',
  ruleVersion: 'jiangsu-2020.1',
  title: { zh: '“帮特困、助急难”慈善再救助行动', en: 'Charity re-relief for the destitute and the urgent' },
  issuer: {
    zh: '江苏省民政厅、江苏省慈善总会',
    en: 'Jiangsu Department of Civil Affairs and Jiangsu Charity Federation',
  },
  province: '320000',
  // 苏北五市: Xuzhou, Lianyungang, Huai'an, Yancheng, Suqian; their counties come from GB/T 2260, not from here.
  eligiblePrefectures: ['320300', '320700', '320800', '320900', '321300'],
  // "自2020年7月启动，试行一年": both ends inclusive.
  window: { from: '2020-07-01', to: '2021-06-30' },
  boundaryReading: {
    zh: '“以上”含本数：“5万元以上”即≥5万元；“3万-5万元”为含3万元、不含5万元（5万元归入“5万元以上”档）。',
    en: '以上 includes the figure itself: "5万元以上" means >= 50,000 yuan; "3万-5万元" means >= 30,000 and < 50,000 yuan (50,000 itself belongs to the "5万元以上" band).',
  },
  requiresGovernmentReliefRecorded: true,
  standards: [
    {
      code: 'property_loss',
      title: { zh: '意外事件致家庭财产重大损失', en: 'Major property loss from an accident' },
      source:
        '因遭遇火灾、爆炸等意外事件造成家庭财产重大损失在5万元以上的，未获得相应赔偿或在获得赔偿、保险金及其他社会帮困救助后，家庭负担仍然较重，生活暂时困难的家庭，一次性救助5000元',
      measure: 'propertyLossFen',
      deductions: ['compensationFen', 'insurancePaidFen', 'otherSocialHelpFen'],
      // "Still a heavy burden after compensation" read as: what remains uncovered is itself still 5万 or more.
      tierBasis: 'gross_then_net',
      tiers: [{ minFen: 5_000_000, amountFen: 500_000 }],
    },
    {
      code: 'income_interruption',
      title: { zh: '意外事件致家庭主要经济来源中断', en: 'Main income cut off by an accident' },
      source:
        '因交通事故、人身伤害等意外事件造成家庭主要经济来源中断，未获得相应赔偿或在获得赔偿、保险金及其他社会帮困救助后，家庭负担仍然较重，生活暂时困难的家庭，一次性救助5000元',
      measure: 'lostAnnualIncomeFen',
      deductions: ['compensationFen', 'insurancePaidFen', 'otherSocialHelpFen'],
      // The source sets no amount: any lost income left uncovered after compensation qualifies.
      tierBasis: 'gross_then_net',
      tiers: [{ minFen: 1, amountFen: 500_000 }],
    },
    {
      code: 'major_illness',
      title: { zh: '突发重大疾病致医疗费用支出过大', en: 'Sudden major illness with excessive medical costs' },
      source:
        '年度个人医疗费用在医保报销、保险补偿、政府救助及其他社会救助后，个人承担费用在3万-5万元的，一次性救助5000元；个人承担费用在5万元以上，一次性救助10000元',
      measure: 'medicalTotalFen',
      deductions: ['medicalInsuranceReimbursedFen', 'insurancePaidFen', 'governmentReliefFen', 'otherSocialHelpFen'],
      tierBasis: 'net',
      tiers: [
        { minFen: 3_000_000, maxExclusiveFen: 5_000_000, amountFen: 500_000 },
        { minFen: 5_000_000, amountFen: 1_000_000 },
      ],
    },
  ],
};
