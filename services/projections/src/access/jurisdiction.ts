import { isWithin } from '@carebridge/divisions';
import type { JourneyDoc } from '../journey/journeyTypes';

/** Who asks: the kit's verified principal (roles and the GB/T 2260 division of their office). */
export type Viewer = { readonly roles: readonly string[]; readonly division: string };

export const HOTLINE_ROLES = ['hotline.handler', 'hotline.operator', 'hotline.supervisor'] as const;
export const RELIEF_ROLES = ['relief.caseworker', 'relief.provincial'] as const;
export const READER_ROLES: readonly string[] = [...HOTLINE_ROLES, ...RELIEF_ROLES];
export const ADMIN_ROLES: readonly string[] = ['projections.admin'];

const has = (viewer: Viewer, roles: readonly string[]): boolean => viewer.roles.some((r) => roles.includes(r));

/**
 * The hotline's rule: a county handler sees cases assigned to its county, the prefecture its own, the province
 * all (a case not yet assigned sits at its prefecture). Division containment carries all three.
 */
export const seesHotlineCase = (
  viewer: Viewer,
  place: { readonly prefecture?: string; readonly county?: string },
): boolean => {
  const where = place.county ?? place.prefecture;
  return has(viewer, HOTLINE_ROLES) && where !== undefined && isWithin(where, viewer.division);
};

/** Relief's rule: a caseworker acts inside their own city, the provincial federation on every city of it. */
export const seesReliefCity = (viewer: Viewer, city: string | undefined): boolean => {
  if (!city) return false;
  if (viewer.roles.includes('relief.provincial') && isWithin(city, viewer.division)) return true;
  return viewer.roles.includes('relief.caseworker') && isWithin(viewer.division, city);
};

/** A journey is visible to whoever may see its hotline case or any of its relief applications. */
export const seesJourney = (viewer: Viewer, journey: JourneyDoc): boolean =>
  (journey.hotline !== undefined && seesHotlineCase(viewer, journey.hotline)) ||
  journey.relief.some((a) => seesReliefCity(viewer, a.city));

/** Referral funnels count where the referring case sits: any reader whose division contains it. */
export const seesReferral = (viewer: Viewer, division: string): boolean =>
  has(viewer, READER_ROLES) && isWithin(division, viewer.division);
