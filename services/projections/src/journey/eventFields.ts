/** Small readers over event data (already validated by the producer's schema, so absence is the only doubt). */
export type Data = Readonly<Record<string, unknown>>;

const valueAt = (data: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined),
      data,
    );

export const str = (data: unknown, path: string): string | undefined => {
  const value = valueAt(data, path);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};

export const num = (data: unknown, path: string): number | undefined => {
  const value = valueAt(data, path);
  return typeof value === 'number' ? value : undefined;
};

/** Fields that name who acted, in the order the programmes use them. */
const ACTOR_FIELDS = ['by', 'openedBy', 'assignedBy', 'acceptedBy', 'submittedBy', 'amendedBy', 'recordedBy'] as const;

export const actorOf = (data: Data): { role?: string; division?: string } => {
  for (const field of ACTOR_FIELDS) {
    const role = str(data, `${field}.role`);
    if (role) return { role, ...(str(data, `${field}.division`) ? { division: str(data, `${field}.division`)! } : {}) };
  }
  return {};
};

/** Domain time fields, most specific first; the CloudEvent time when an event names none. */
const TIME_FIELDS = [
  'openedAt',
  'assignedAt',
  'acceptedAt',
  'requestedAt',
  'reportedAt',
  'draftedAt',
  'submittedAt',
  'amendedAt',
  'assessedAt',
  'detectedAt',
  'placedAt',
  'purgedAt',
  'at',
] as const;

export const occurredAt = (data: Data, fallback: Date): string => {
  for (const field of TIME_FIELDS) {
    const value = str(data, field);
    if (value && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  }
  return fallback.toISOString();
};

/** Keeps only scalar, non-empty particulars: what a step may show. */
export const particulars = (
  entries: Record<string, string | number | boolean | undefined>,
): Record<string, string | number | boolean> | undefined => {
  const kept = Object.entries(entries).filter(
    (e): e is [string, string | number | boolean] => e[1] !== undefined && e[1] !== '',
  );
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
};
