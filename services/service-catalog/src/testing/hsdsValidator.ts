import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** Validators for the HSDS 3.0 schemas kept in test-fixtures/hsds (copied from openreferral/specification). */
const root = join(__dirname, '..', '..', 'test-fixtures', 'hsds');
const load = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;

export type HsdsSchema =
  | 'service'
  | 'service_list'
  | 'organization'
  | 'organization_list'
  | 'service_at_location'
  | 'service_at_location_list'
  | 'taxonomy'
  | 'taxonomy_term'
  | 'page';

export const createHsdsValidator = () => {
  // HSDS schemas carry their own keywords (constraints, core, example…): not strict, but every format checked.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const file of ['metadata.json', 'taxonomy.json', 'taxonomy_term.json']) ajv.addSchema(load(file), file);
  const compiled = new Map<HsdsSchema, ValidateFunction>();
  for (const file of readdirSync(join(root, 'compiled'))) {
    compiled.set(file.replace(/\.json$/, '') as HsdsSchema, ajv.compile(load(join('compiled', file))));
  }
  compiled.set('taxonomy', ajv.getSchema('taxonomy.json')!);
  compiled.set('taxonomy_term', ajv.getSchema('taxonomy_term.json')!);
  const openapi = load('openapi.json') as { components: { schemas: { Page: Record<string, unknown> } } };
  // The page envelope as the HSDS OpenAPI document defines it, with the fields it describes made required.
  compiled.set(
    'page',
    ajv.compile({
      ...openapi.components.schemas.Page,
      required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
    }),
  );

  /** The errors of `value` against an HSDS schema, as readable lines (empty: valid). */
  return (schema: HsdsSchema, value: unknown): string[] => {
    const validate = compiled.get(schema);
    if (!validate) throw new Error(`no HSDS schema ${schema}`);
    return validate(value)
      ? []
      : (validate.errors ?? []).map((e) => `${schema}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  };
};
