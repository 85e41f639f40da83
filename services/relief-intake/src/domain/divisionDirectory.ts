/**
 * What the domain needs to know about GB/T 2260 divisions. The service passes @carebridge/divisions in;
 * the rules stay pure and never carry a hand-typed list of counties.
 */
export type DivisionDirectory = {
  /** True when the six-digit code is a known division. */
  readonly exists: (code: string) => boolean;
  /** True when `code` is `ancestor` itself or lies anywhere under it. */
  readonly isWithin: (code: string, ancestor: string) => boolean;
  /** Direct children of a division (a prefecture's counties and districts). */
  readonly childrenOf: (code: string) => readonly string[];
};
