import type { Request, Response } from 'express';
import { checkText, type TextRule } from '@carebridge/grpc-kit';

/** One refused parameter, as gRPC's INVALID_ARGUMENT field violations name them. */
export type FieldViolation = { readonly field: string; readonly description: string };

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly description: string };

/** What one query parameter may hold, and how its text becomes a value. */
export type ParamKind<T> = {
  readonly kind: 'text' | 'integer' | 'number' | 'enum' | 'pattern' | 'date-time' | 'boolean';
  /** For text: the most code points it may hold after NFC. */
  readonly maxLength?: number;
  parse(raw: string): Parsed<T>;
};

export type ParamKinds = Readonly<Record<string, ParamKind<unknown>>>;

/** The values a route receives: each declared parameter that was given (an empty one, `?area=`, counts as not given). */
export type ParamValues<S extends ParamKinds> = {
  readonly [K in keyof S]?: S[K] extends ParamKind<infer T> ? T : never;
};

/**
 * What a public HTTP route declares. `cache` decides its Cache-Control: 'public' for read-only lists anyone may
 * read (a short shared max-age, PUBLIC_HTTP_CACHE_SECONDS), 'no-store' for anything personal or behind a token.
 */
export type RouteDeclaration<S extends ParamKinds> = {
  readonly cache: 'public' | 'no-store';
  readonly query: S;
  /** Rules across parameters (lat needs lng ...); gets what parsed and the names given, adds to the same 400. */
  readonly refine?: (values: ParamValues<S>, given: ReadonlySet<string>) => readonly FieldViolation[];
};

const DECLARATION = Symbol.for('carebridge.publicRoute.declaration');

/** The setting (app.set) holding the max-age of 'public' routes; the host sets it, a bare app gets the default. */
export const PUBLIC_MAX_AGE_SETTING = 'carebridge public max-age';
export const DEFAULT_PUBLIC_MAX_AGE_SECONDS = 60;

/** Most violations one 400 lists: a query of 10,000 unknown keys gets a short answer, not 10,000 lines. */
const MAX_VIOLATIONS = 20;

/** The one error body of every public app: `{ error: { code, message } }`, plus `violations` on a 400. */
export const sendError = (
  res: Response,
  code: number,
  message: string,
  violations?: readonly FieldViolation[],
): void => {
  res.setHeader('Cache-Control', 'no-store');
  res.status(code).json({ error: { code, message }, ...(violations ? { violations } : {}) });
};

// ---- kinds -------------------------------------------------------------------------------------------------

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refused = (description: string): Parsed<never> => ({ ok: false, description });

/** Text through the suite's one text rule (checkText): NFC, a length in code points, no controls or bidi overrides. */
export const text = (rule: { readonly maxLength: number; readonly multiline?: boolean }): ParamKind<string> => {
  const full: TextRule = { maxLength: rule.maxLength, multiline: rule.multiline ?? false };
  return { kind: 'text', maxLength: rule.maxLength, parse: (raw) => checkText(raw, full) };
};

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A whole number from min to max. */
export const integer = (bounds: { readonly min: number; readonly max: number }): ParamKind<number> => ({
  kind: 'integer',
  parse: (raw) => {
    const n = raw.length <= 20 && /^[+-]?\d+$/.test(raw) ? Number(raw) : NaN;
    return Number.isSafeInteger(n) && n >= bounds.min && n <= bounds.max
      ? ok(n)
      : refused(`must be a whole number from ${bounds.min} to ${bounds.max}`);
  },
});

/** A decimal number from min to max. */
export const decimal = (bounds: { readonly min: number; readonly max: number }): ParamKind<number> => ({
  kind: 'number',
  parse: (raw) => {
    const n = raw.length <= 40 && DECIMAL.test(raw) ? Number(raw) : NaN;
    return Number.isFinite(n) && n >= bounds.min && n <= bounds.max
      ? ok(n)
      : refused(`must be a number from ${bounds.min} to ${bounds.max}`);
  },
});

/** One of the given values, spelled exactly. */
export const oneOf = <V extends string>(values: readonly V[], description?: string): ParamKind<V> => {
  const allowed = new Set<string>(values);
  return {
    kind: 'enum',
    parse: (raw) =>
      allowed.has(raw) ? ok(raw as V) : refused(description ?? `must be one of ${[...allowed].join(', ')}`),
  };
};

/** Text of a fixed form (a UUID, a division code): at most maxLength characters matching the whole pattern. */
export const matching = (pattern: RegExp, description: string, maxLength = 64): ParamKind<string> => ({
  kind: 'pattern',
  parse: (raw) => (raw.length <= maxLength && pattern.test(raw) ? ok(raw) : refused(description)),
});

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time; the value is its instant as an ISO string (UTC). */
export const dateTime = (): ParamKind<string> => ({
  kind: 'date-time',
  parse: (raw) => {
    const time = raw.length <= 40 && ISO_DATE_TIME.test(raw) ? Date.parse(raw) : NaN;
    return Number.isNaN(time) ? refused('must be an ISO 8601 date-time') : ok(new Date(time).toISOString());
  },
});

/** true/1 or false/0. */
export const flag = (): ParamKind<boolean> => ({
  kind: 'boolean',
  parse: (raw) =>
    raw === 'true' || raw === '1'
      ? ok(true)
      : raw === 'false' || raw === '0'
        ? ok(false)
        : refused('must be true, false, 1 or 0'),
});

// ---- routes ------------------------------------------------------------------------------------------------

/** A parameter name as a violation may quote it: readable and short, or a placeholder. */
const nameOf = (key: string): string =>
  checkText(key, { maxLength: 100, multiline: false }).ok ? key : '(unreadable parameter name)';

/** Checks a request's query against a declaration: the values, or every violation. */
export const checkQuery = <S extends ParamKinds>(
  declaration: RouteDeclaration<S>,
  query: Record<string, unknown>,
): { readonly values: ParamValues<S>; readonly violations: readonly FieldViolation[] } => {
  const violations: FieldViolation[] = [];
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  const accepted = Object.keys(declaration.query);
  const takes = accepted.length > 0 ? `it takes ${accepted.join(', ')}` : 'it takes none';
  for (const key of Object.keys(query)) {
    const raw = query[key];
    const kind = Object.hasOwn(declaration.query, key) ? declaration.query[key] : undefined;
    if (!kind) {
      violations.push({
        field: nameOf(key),
        description: /[[\]]/.test(key)
          ? `bracketed parameters are not accepted (${takes})`
          : `is not a parameter of this route (${takes})`,
      });
    } else if (Array.isArray(raw)) {
      violations.push({ field: key, description: `is given ${raw.length} times; give it once` });
    } else if (typeof raw !== 'string') {
      // Only under a nested query parser (`a[b]=c` as an object); the host's parser keeps such keys flat.
      violations.push({ field: key, description: 'must be plain text; bracketed or nested forms are not accepted' });
    } else if (raw !== '') {
      given.add(key);
      const parsed = kind.parse(raw);
      if (parsed.ok) values[key] = parsed.value;
      else violations.push({ field: key, description: parsed.description });
    }
  }
  const typed = values as ParamValues<S>;
  if (declaration.refine) violations.push(...declaration.refine(typed, given));
  return { values: typed, violations };
};

export type PublicRouteHandler<S extends ParamKinds> = ((req: Request, res: Response) => Promise<void>) & {
  readonly [DECLARATION]: RouteDeclaration<S>;
};

/**
 * A public HTTP route's handler with its declaration: the query is checked before the handler runs (400 naming
 * each refused parameter: unknown, repeated, bracketed, malformed), and the route's Cache-Control is set.
 * The host finds the declaration on the route (see publicRoutesOf) and refuses to serve a route without one.
 */
export const publicRoute = <S extends ParamKinds>(
  declaration: RouteDeclaration<S>,
  handler: (params: ParamValues<S>, req: Request, res: Response) => void | Promise<void>,
): PublicRouteHandler<S> => {
  const run = async (req: Request, res: Response): Promise<void> => {
    const { values, violations } = checkQuery(declaration, req.query as Record<string, unknown>);
    if (violations.length > 0) {
      const shown = violations.slice(0, MAX_VIOLATIONS);
      const more = violations.length - shown.length;
      return sendError(res, 400, `invalid query parameters${more > 0 ? ` (${more} more not listed)` : ''}`, shown);
    }
    if (declaration.cache === 'public') {
      const maxAge: unknown = req.app.get(PUBLIC_MAX_AGE_SETTING);
      res.setHeader(
        'Cache-Control',
        `public, max-age=${typeof maxAge === 'number' ? maxAge : DEFAULT_PUBLIC_MAX_AGE_SECONDS}`,
      );
    } else res.setHeader('Cache-Control', 'no-store');
    await handler(values, req, res);
  };
  return Object.assign(run, { [DECLARATION]: declaration });
};

/** The declaration a route handler carries, if it is a publicRoute. */
export const declarationOf = (handler: unknown): RouteDeclaration<ParamKinds> | undefined =>
  typeof handler === 'function'
    ? (handler as Partial<Record<typeof DECLARATION, RouteDeclaration<ParamKinds>>>)[DECLARATION]
    : undefined;
