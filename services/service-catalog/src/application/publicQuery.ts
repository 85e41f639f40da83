import type { Violation } from '../domain/types';

/**
 * The filters of the public API, all cumulative (every one given must hold): HSDS's search, taxonomy_term_id,
 * taxonomy_id, organization_id, modified_after, plus area (a division code: province, county, town or community)
 * and proximity (lat, lng and radius_km, or HSDS's proximity in metres).
 */
export type PublicQuery = {
  readonly terms: readonly string[];
  readonly termId?: string;
  readonly organizationId?: string;
  readonly area?: string;
  readonly modifiedAfter?: string;
  readonly near?: { readonly latitude: number; readonly longitude: number; readonly radiusKm: number };
  readonly page: number;
  readonly perPage: number;
};

export const MAX_PER_PAGE = 500;
export const DEFAULT_PER_PAGE = 50;
/** Largest search radius, in km (radius_km) and in metres (HSDS's proximity). */
export const MAX_RADIUS_KM = 500;

/** The query-string values as the HTTP layer checked them, one by one (each absent when not given). */
export type PublicFilters = {
  readonly search?: string;
  readonly taxonomy_term_id?: string;
  readonly organization_id?: string;
  readonly area?: string;
  readonly modified_after?: string;
  readonly lat?: number;
  readonly lng?: number;
  readonly radius_km?: number;
  readonly proximity?: number;
  readonly page?: number;
  readonly per_page?: number;
};

/** Proximity takes lat, lng and a radius together (radius_km, or proximity in metres); names what is missing. */
export const proximityViolations = (filters: PublicFilters, given: ReadonlySet<string>): Violation[] => {
  const asked = ['lat', 'lng', 'radius_km', 'proximity'].some((name) => given.has(name));
  if (!asked) return [];
  const violations: Violation[] = [];
  if (!given.has('lat')) violations.push({ field: 'lat', description: 'proximity needs lat from -90 to 90' });
  if (!given.has('lng')) violations.push({ field: 'lng', description: 'proximity needs lng from -180 to 180' });
  const description = `proximity needs a radius above 0 and up to ${MAX_RADIUS_KM} km`;
  const radius = filters.radius_km ?? (filters.proximity !== undefined ? filters.proximity / 1000 : undefined);
  // A radius that did not parse is already named by its own check; 0 parses but is no radius.
  if (!given.has('radius_km') && !given.has('proximity')) violations.push({ field: 'radius_km', description });
  else if (radius !== undefined && !(radius > 0))
    violations.push({ field: given.has('radius_km') ? 'radius_km' : 'proximity', description });
  return violations;
};

/** The query the public queries answer, from filters that passed their checks. */
export const publicQueryOf = (filters: PublicFilters): PublicQuery => {
  const search = filters.search?.trim() ?? '';
  const terms = search ? [...new Set(search.toLowerCase().split(/\s+/).filter(Boolean))].slice(0, 8) : [];
  const radiusKm = filters.radius_km ?? (filters.proximity !== undefined ? filters.proximity / 1000 : undefined);
  const near =
    filters.lat !== undefined && filters.lng !== undefined && radiusKm !== undefined
      ? { latitude: filters.lat, longitude: filters.lng, radiusKm }
      : undefined;
  return {
    terms,
    ...(filters.taxonomy_term_id ? { termId: filters.taxonomy_term_id } : {}),
    ...(filters.organization_id ? { organizationId: filters.organization_id.toLowerCase() } : {}),
    ...(filters.area ? { area: filters.area } : {}),
    ...(filters.modified_after ? { modifiedAfter: filters.modified_after } : {}),
    ...(near ? { near } : {}),
    page: filters.page ?? 1,
    perPage: filters.per_page ?? DEFAULT_PER_PAGE,
  };
};
