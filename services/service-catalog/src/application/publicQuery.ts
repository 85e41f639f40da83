import { categoryOfTerm, categoryTaxonomy } from '../domain/categories';
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
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const one = (value: unknown): string | undefined =>
  Array.isArray(value) ? one(value[0]) : typeof value === 'string' ? value : undefined;

/** A parameter's value; an empty one (`?area=`) counts as not given. */
const given = (value: unknown): string | undefined => {
  const text = one(value);
  return text === '' ? undefined : text;
};

/** Parses query-string parameters; every bad one is named. Unknown parameters are ignored, as HSDS clients send many. */
export const parsePublicQuery = (params: Record<string, unknown>): { query?: PublicQuery; violations: Violation[] } => {
  const violations: Violation[] = [];
  const int = (name: string, fallback: number, max: number): number => {
    const raw = one(params[name]);
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max)
      violations.push({ field: name, description: `must be a whole number from 1 to ${max}` });
    return n;
  };
  const num = (name: string): number | undefined => {
    const raw = one(params[name]);
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) violations.push({ field: name, description: 'must be a number' });
    return n;
  };

  const search = one(params.search)?.trim() ?? '';
  const terms = search ? [...new Set(search.toLowerCase().split(/\s+/).filter(Boolean))].slice(0, 8) : [];
  const termId = given(params.taxonomy_term_id);
  if (termId && !categoryOfTerm(termId))
    violations.push({
      field: 'taxonomy_term_id',
      description: `${termId} is not a term of the catalog taxonomy (see /taxonomy_terms)`,
    });
  const taxonomyId = given(params.taxonomy_id);
  if (taxonomyId && taxonomyId !== categoryTaxonomy.id)
    violations.push({
      field: 'taxonomy_id',
      description: `${taxonomyId} is not a taxonomy of this catalog (see /taxonomies)`,
    });
  const organizationId = given(params.organization_id);
  if (organizationId && !UUID.test(organizationId))
    violations.push({ field: 'organization_id', description: 'must be a UUID' });
  const area = given(params.area);
  if (area && !/^(\d{6}|\d{9}|\d{12})$/.test(area))
    violations.push({
      field: 'area',
      description: 'must be a 6-digit division, 9-digit town or 12-digit community code',
    });
  const modifiedRaw = given(params.modified_after);
  const modifiedAfter =
    modifiedRaw && !Number.isNaN(Date.parse(modifiedRaw)) ? new Date(modifiedRaw).toISOString() : undefined;
  if (modifiedRaw && !modifiedAfter)
    violations.push({ field: 'modified_after', description: 'must be an ISO 8601 date-time' });

  const latitude = num('lat');
  const longitude = num('lng');
  const radiusKm = num('radius_km');
  const metres = num('proximity');
  const radius = radiusKm ?? (metres !== undefined ? metres / 1000 : undefined);
  let near: PublicQuery['near'];
  if (latitude !== undefined || longitude !== undefined || radius !== undefined) {
    if (latitude === undefined || latitude < -90 || latitude > 90)
      violations.push({ field: 'lat', description: 'proximity needs lat from -90 to 90' });
    if (longitude === undefined || longitude < -180 || longitude > 180)
      violations.push({ field: 'lng', description: 'proximity needs lng from -180 to 180' });
    if (radius === undefined || !(radius > 0) || radius > 500)
      violations.push({
        field: metres !== undefined && radiusKm === undefined ? 'proximity' : 'radius_km',
        description: 'proximity needs a radius above 0 and up to 500 km',
      });
    if (latitude !== undefined && longitude !== undefined && radius !== undefined)
      near = { latitude, longitude, radiusKm: radius };
  }
  const page = int('page', 1, 1_000_000);
  const perPage = int('per_page', 50, MAX_PER_PAGE);
  if (violations.length > 0) return { violations };
  return {
    violations,
    query: {
      terms,
      ...(termId ? { termId } : {}),
      ...(organizationId ? { organizationId: organizationId.toLowerCase() } : {}),
      ...(area ? { area } : {}),
      ...(modifiedAfter ? { modifiedAfter } : {}),
      ...(near ? { near } : {}),
      page,
      perPage,
    },
  };
};
