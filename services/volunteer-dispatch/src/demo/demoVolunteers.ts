import prand from 'pure-rand';
import { makeIdNumber } from '@carebridge/identity';
import type { WeeklySlot } from '../domain/availability';
import type { Community } from '../domain/communities';
import { skills } from '../domain/data/skills';
import type { RegistrationInput } from '../domain/validation';

/**
 * Reproducible demo volunteers: the same seed gives the same 20,000 people, skills, communities and weeks.
 * Names and ID numbers are synthetic (valid check digits, not real people).
 */
export type DemoVolunteer = RegistrationInput & { phone: string };

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红玲梅鹏飞辉波斌宇浩凯健俊帆帅旭晨欣怡思雨婷雪琳晶颖';

/** Skills weighted as a volunteer pool looks: many can shop and register, fewer are pharmacists or drivers. */
const SKILL_WEIGHTS: Record<string, number> = {
  pharmacy: 12,
  driving: 20,
  medical: 6,
  counselling: 6,
  elder_care: 25,
  lecturing: 8,
  temperature_check: 30,
  registration: 30,
  publicity: 20,
  order_keeping: 20,
  tutoring: 10,
  sign_language: 2,
};

const PATTERNS: ((pick: (n: number) => number) => WeeklySlot[])[] = [
  () => [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: '18:00', to: '22:00' })),
  () => [6, 7].map((weekday) => ({ weekday, from: '08:00', to: '20:00' })),
  () => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '08:00', to: '22:00' })),
  (pick) => [1 + pick(7), 1 + pick(7)].map((weekday) => ({ weekday, from: '09:00', to: '17:00' })),
  () => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '14:00', to: '22:00' })),
];

/** One person, one ID number: bump the sequence until it is unused. */
const uniqueId = (issued: Set<string>, region: string, birth: string, start: number): string => {
  for (let sequence = start; ; sequence++) {
    const id = makeIdNumber(region, birth, sequence);
    if (!issued.has(id)) {
      issued.add(id);
      return id;
    }
  }
};

export const demoVolunteers = (
  communities: readonly Community[],
  count = 20_000,
  seed = 2020_02_11,
): DemoVolunteer[] => {
  const rng = prand.xoroshiro128plus(seed);
  const pick = (n: number): number => prand.unsafeUniformIntDistribution(0, n - 1, rng);
  const volunteers: DemoVolunteer[] = [];
  const issued = new Set<string>();
  for (let i = 0; i < count; i++) {
    const home = communities[pick(communities.length)]!;
    const served = home.neighbours.filter(() => pick(3) === 0);
    const chosen = skills.map((s) => s.code).filter((code) => pick(100) < SKILL_WEIGHTS[code]!);
    const birth = `${1950 + pick(55)}${String(1 + pick(12)).padStart(2, '0')}${String(1 + pick(28)).padStart(2, '0')}`;
    volunteers.push({
      name: SURNAMES[pick(SURNAMES.length)]! + GIVEN[pick(GIVEN.length)]! + (pick(2) ? GIVEN[pick(GIVEN.length)]! : ''),
      idNumber: uniqueId(issued, home.code.slice(0, 6), birth, i),
      phone: `1${3 + pick(7)}${String(pick(1e9)).padStart(9, '0')}`,
      skills: chosen,
      homeCommunity: home.code,
      servedCommunities: served,
      availability: PATTERNS[pick(PATTERNS.length)]!(pick),
      maxConcurrentTasks: 1 + pick(3),
      maxHoursPerDay: 4 + pick(5),
    });
  }
  return volunteers;
};
