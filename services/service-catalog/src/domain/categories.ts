import rules from './rules/categories.json';

/** The ten categories of Deqing's service list (教育 … 其他), as data: rules/categories.json. */
export type CategoryCode =
  | 'education'
  | 'culture'
  | 'sport'
  | 'economy'
  | 'health'
  | 'religion'
  | 'social_services'
  | 'scientific_research'
  | 'community_services'
  | 'other';

export type Category = {
  readonly code: CategoryCode;
  readonly zh: string;
  readonly en: string;
  /** HSDS taxonomy_term id (stable UUID). */
  readonly termId: string;
  readonly descriptionZh: string;
  readonly descriptionEn: string;
};

export const categoryRulesVersion: string = rules.ruleVersion;
export const categoryTaxonomy = rules.taxonomy;
export const categories = rules.categories as readonly Category[];

const byCode = new Map(categories.map((c) => [c.code as string, c]));
const byTerm = new Map(categories.map((c) => [c.termId, c]));

export const isCategoryCode = (code: string): code is CategoryCode => byCode.has(code);
export const categoryOf = (code: CategoryCode): Category => byCode.get(code)!;
export const categoryOfTerm = (termId: string): Category | undefined => byTerm.get(termId);
