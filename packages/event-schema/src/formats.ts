import { FormatRegistry } from '@sinclair/typebox';

/**
 * String formats our schemas use. TypeBox checks no format until it is registered (an unknown format fails
 * every value), so the registry loads these once. Kept strict enough to refuse obvious garbage, no more.
 */
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const formats: Record<string, (value: string) => boolean> = {
  date: (v) => DATE.test(v) && !Number.isNaN(Date.parse(v)),
  'date-time': (v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)),
  uuid: (v) => UUID.test(v),
  email: (v) => EMAIL.test(v),
  uri: (v) => URL.canParse(v),
};

export const registerFormats = (): void => {
  for (const [name, check] of Object.entries(formats)) if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);
};

export const knownFormats = Object.keys(formats);
