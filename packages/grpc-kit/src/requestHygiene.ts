import type * as protobuf from 'protobufjs';
import { ValidationError } from '@carebridge/decider';
import { checkText, DEFAULT_TEXT_RULE, type TextRule } from './textHygiene';

const TEXT_OPTION = '(carebridge.options.v1.text)';

type Violation = { field: string; description: string };

const lowerCamel = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

const ruleOf = (field: protobuf.Field): TextRule => {
  const parsed = (field.parsedOptions ?? []) as readonly Record<string, unknown>[];
  const declared = parsed.find((o) => TEXT_OPTION in o)?.[TEXT_OPTION] as
    { max_length?: number; multiline?: boolean } | undefined;
  return {
    // proto3 reads an unset max_length as 0: no limit of its own, so the default one.
    maxLength: declared?.max_length && declared.max_length > 0 ? declared.max_length : DEFAULT_TEXT_RULE.maxLength,
    multiline: declared?.multiline ?? DEFAULT_TEXT_RULE.multiline,
  };
};

/**
 * Checks every string of a request against its field's text rule (nested messages, repeated fields and map
 * values included) and replaces each with its NFC form, so that what is stored is what was checked. Throws one
 * ValidationError naming every refused field by its .proto path (`child.name`, `contact_ids[2]`).
 */
export const createRequestHygiene = (type: protobuf.Type): ((request: unknown) => void) => {
  const walk = (message: protobuf.Type, value: Record<string, unknown>, path: string, out: Violation[]): void => {
    for (const field of message.fieldsArray) {
      const key = lowerCamel(field.name);
      const current = value[key];
      if (current === undefined || current === null) continue;
      const at = path ? `${path}.${field.name}` : field.name;
      const nested = field.resolvedType;
      const one = (item: unknown, where: string, set: (v: unknown) => void): void => {
        if (typeof item === 'string' && field.type === 'string') {
          const checked = checkText(item, ruleOf(field));
          if (checked.ok) {
            if (checked.value !== item) set(checked.value);
          } else out.push({ field: where, description: checked.description });
        } else if (nested && 'fieldsArray' in nested && typeof item === 'object' && item !== null) {
          walk(nested, item as Record<string, unknown>, where, out);
        }
      };
      if (field.map && typeof current === 'object') {
        const map = current as Record<string, unknown>;
        for (const k of Object.keys(map)) {
          const keyCheck = checkText(k);
          if (!keyCheck.ok) out.push({ field: `${at}`, description: `a key ${keyCheck.description}` });
          one(map[k], `${at}[${JSON.stringify(k)}]`, (v) => (map[k] = v));
        }
      } else if (field.repeated && Array.isArray(current)) {
        current.forEach((item, i) => one(item, `${at}[${i}]`, (v) => (current[i] = v)));
      } else {
        one(current, at, (v) => (value[key] = v));
      }
    }
  };
  return (request) => {
    if (typeof request !== 'object' || request === null) return;
    const violations: Violation[] = [];
    walk(type, request as Record<string, unknown>, '', violations);
    if (violations.length > 0) throw new ValidationError(violations);
  };
};
