import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allEvents, eventRegistry } from '../events';
import { topics } from '../topics';
import { checkSchemaCompatibility } from '../compatibility/checkSchemaCompatibility';
import { ASYNCAPI_FILE, publishedFilesOf, renderAsyncApi, SCHEMAS_DIR } from './publication';
import { publishedSchemaOf } from './publishedSchema';
import { publishedSchemaValidator } from '../__fixtures__/ajv.fixture';
import { sampleInstances } from '../compatibility/sampleInstance';

const root = resolve(__dirname, '../../../..');
const files = publishedFilesOf(eventRegistry);

describe('published JSON Schemas', () => {
  it('publishes a schema and an analytics schema for every event definition', () => {
    expect(files).toHaveLength(allEvents.length * 2);
  });

  it.each(files.map((f) => [f.file, f]))('%s is committed and unchanged', (file, { schema }) => {
    const path = join(root, SCHEMAS_DIR, file);
    if (!existsSync(path))
      throw new Error(`${file} is not published: run \`npm run schemas\` and commit ${SCHEMAS_DIR}/${file}`);
    const committed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    // A published version is immutable: a change needs version n+1 with an upcaster, never an edit.
    expect(schema).toEqual(committed);
  });

  it.each(allEvents.map((d) => [`${d.type} v${d.version}`, d]))(
    '%s: the published file is valid 2020-12 and agrees with the code on samples',
    (_, definition) => {
      const validate = publishedSchemaValidator().compile(publishedSchemaOf(definition));
      for (const sample of sampleInstances(publishedSchemaOf(definition), 6)) {
        expect(eventRegistry.validateClear(definition.type, sample, definition.version)).toEqual([]);
        expect(validate(sample) ? [] : validate.errors).toEqual([]);
      }
    },
  );

  it('publishes 2020-12 schemas with $id, title, topic and the personal-data marks', () => {
    const schema = publishedSchemaOf(eventRegistry.latest('referral.Requested')!);
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'https://schemas.carebridge.org/events/referral.Requested/v1.json',
      title: 'referral.Requested v1',
      'x-topic': 'referrals.v1',
    });
    const person = (schema.properties as Record<string, { properties: Record<string, Record<string, unknown>> }>)
      .person!;
    expect(person.properties.name).toMatchObject({ 'x-personal': 'person' });
  });

  it('the immutability check would notice an edited schema', () => {
    const schema = publishedSchemaOf(eventRegistry.latest('referral.Requested')!);
    const edited = { ...schema, required: [...(schema.required as string[]), 'extra'] };
    expect(edited).not.toEqual(schema);
    expect(checkSchemaCompatibility(schema, edited)).toEqual([
      expect.objectContaining({ path: 'extra', rule: 'required-added' }),
    ]);
  });
});

describe('AsyncAPI document', () => {
  it(`${ASYNCAPI_FILE} is up to date (run \`npm run schemas\` after changing events)`, () => {
    const path = join(root, ASYNCAPI_FILE);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(renderAsyncApi(eventRegistry, topics));
  });

  it('has a channel for every topic, whose payload refs resolve to committed schema files', () => {
    const text = renderAsyncApi(eventRegistry, topics);
    for (const topic of topics) expect(text).toContain(`address: ${topic.name}\n`);
    const refs = [...text.matchAll(/\$ref: \.\.\/\.\.\/(packages\/event-schema\/schemas\/\S+\.json)/g)].map(
      (m) => m[1]!,
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(existsSync(join(root, ref))).toBe(true);
  });
});
