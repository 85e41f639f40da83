/** One place in a document where a field path (with `[]` for array items) resolves to a value. */
export type FieldLocation = {
  /** Concrete dotted path, array indexes spelled out: `members.0.name`. */
  readonly path: string;
  readonly parent: Record<string, unknown> | unknown[];
  readonly key: string | number;
  readonly value: unknown;
};

/**
 * Every present value at `pattern` (e.g. `person.name`, `members[].name`) inside `data`. Absent optional
 * fields and missing branches yield nothing: callers only ever touch values that exist.
 */
export const locateField = (data: unknown, pattern: string): FieldLocation[] => {
  const steps = pattern.split('.').flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), '[]'] : [part]));
  const found: FieldLocation[] = [];
  const walk = (node: unknown, i: number, at: string): void => {
    const step = steps[i]!;
    const last = i === steps.length - 1;
    if (step === '[]') {
      if (!Array.isArray(node)) return;
      node.forEach((item, index) => {
        const path = `${at}.${index}`;
        if (last) found.push({ path, parent: node, key: index, value: item });
        else walk(item, i + 1, path);
      });
      return;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !(step in node)) return;
    const record = node as Record<string, unknown>;
    const path = at ? `${at}.${step}` : step;
    if (last) found.push({ path, parent: record, key: step, value: record[step] });
    else walk(record[step], i + 1, path);
  };
  walk(data, 0, '');
  return found;
};
