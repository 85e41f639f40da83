import prand from 'pure-rand';
import type { Community } from '../domain/communities';
import { needs } from '../domain/data/needs';

/** Reproducible demo orders over the week of 17 February 2020 (China Standard Time), 08:00-22:00. */
export type DemoOrder = {
  need: string;
  community: string;
  windowStart: string;
  windowEnd: string;
  requiredSkills: string[];
  minutes: number;
};

export const demoOrders = (communities: readonly Community[], count: number, seed = 17): DemoOrder[] => {
  const rng = prand.xoroshiro128plus(seed);
  const pick = (n: number): number => prand.unsafeUniformIntDistribution(0, n - 1, rng);
  const weekStart = Date.parse('2020-02-17T00:00:00+08:00');
  return Array.from({ length: count }, () => {
    const need = needs[pick(needs.length)]!;
    const start = weekStart + pick(7) * 86_400_000 + (8 * 60 + pick(10) * 60 + pick(4) * 15) * 60_000;
    return {
      need: need.code,
      community: communities[pick(communities.length)]!.code,
      windowStart: new Date(start).toISOString(),
      windowEnd: new Date(start + need.defaultMinutes * 60_000).toISOString(),
      requiredSkills: [...need.requiredSkills],
      minutes: need.defaultMinutes,
    };
  });
};
