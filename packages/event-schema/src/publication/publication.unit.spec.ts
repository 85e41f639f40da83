import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { allEvents, eventRegistry } from '../events';
import { topics } from '../topics';
import { checkSchemaCompatibility } from '../compatibility/checkSchemaCompatibility';
import { ASYNCAPI_FILE, publishedFilesOf, renderAsyncApi, SCHEMAS_DIR } from './publication';
import {
  clearSchemaOf,
  publishedSchemaOf,
  SCHEMA_BASE_URI,
  schemaUriOf,
  SEALED_VALUE_REF,
  sealedValueSchema,
  type JsonSchema,
} from './publishedSchema';
import { analyticsSchemaUriOf } from '../analytics/analyticsSchema';
import { DiagnosticSeverity, fromFile, Parser } from '@asyncapi/parser';
import { publishedSchemaValidator } from '../__fixtures__/ajv.fixture';
import { sampleInstances } from '../compatibility/sampleInstance';
import { locateField } from '../fieldLocations';
import type { SealedValue } from '../sealedValue';

const root = resolve(__dirname, '../../../..');
const files = publishedFilesOf(eventRegistry);
const sealedSample: SealedValue = { sealed: 'v1', kid: 'k1', iv: 'aXY=', ct: 'Y3Q=', tag: 'dGFn' };

describe('published JSON Schemas', () => {
  it('publishes a schema and an analytics schema for every event definition, and the sealed value once', () => {
    expect(files).toHaveLength(allEvents.length * 2 + 1);
  });

  it.each(allEvents.map((d) => [`${d.type} v${d.version}`, d]))(
    '%s: the ce_dataschema of each variant resolves to a committed file whose $id it is',
    (_, definition) => {
      for (const uri of [schemaUriOf(definition), analyticsSchemaUriOf(definition)]) {
        expect(uri.startsWith(SCHEMA_BASE_URI)).toBe(true);
        const path = join(root, SCHEMAS_DIR, uri.slice(SCHEMA_BASE_URI.length));
        expect(existsSync(path)).toBe(true);
        expect((JSON.parse(readFileSync(path, 'utf8')) as { $id: string }).$id).toBe(uri);
      }
    },
  );

  it.each(files.map((f) => [f.file, f]))('%s is committed and unchanged', (file, { schema }) => {
    const path = join(root, SCHEMAS_DIR, file);
    if (!existsSync(path))
      throw new Error(`${file} is not published: run \`npm run schemas\` and commit ${SCHEMAS_DIR}/${file}`);
    const committed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    // A published version is immutable: a change needs version n+1 with an upcaster, never an edit.
    expect(schema).toEqual(committed);
  });

  it.each(allEvents.map((d) => [`${d.type} v${d.version}`, d]))(
    '%s: the published file is valid 2020-12 and describes the wire: personal fields sealed, as the code checks',
    (_, definition) => {
      const validate = publishedSchemaValidator().compile(publishedSchemaOf(definition));
      const personal = eventRegistry.personalFields(definition.type);
      for (const sample of sampleInstances(clearSchemaOf(definition), 6)) {
        expect(eventRegistry.validateClear(definition.type, sample, definition.version)).toEqual([]);
        const onTheWire = structuredClone(sample);
        const sealedHere = personal
          .flatMap((f) => locateField(onTheWire, f.path))
          .filter((at) => at.value !== undefined);
        if (definition.sealed === false) {
          // Its programme does not seal it: the topic carries the clear values, as the published file says.
          expect(validate(sample) ? [] : validate.errors).toEqual([]);
          continue;
        }
        for (const at of sealedHere) (at.parent as Record<string | number, unknown>)[at.key] = sealedSample;
        expect(eventRegistry.validate(definition.type, onTheWire, definition.version)).toEqual([]);
        expect(validate(onTheWire) ? [] : validate.errors).toEqual([]);
        // A clear personal value is not what the topic carries: the published schema refuses it.
        if (sealedHere.length > 0) expect(validate(sample)).toBe(false);
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
    expect(person.properties.name).toEqual({ $ref: SEALED_VALUE_REF, 'x-personal': 'person' });
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

  it('parses with the official AsyncAPI parser, with every channel and message, refs resolved', async () => {
    const { document, diagnostics } = await fromFile(new Parser(), join(root, ASYNCAPI_FILE)).parse();
    expect(diagnostics.filter((d) => Number(d.severity) === Number(DiagnosticSeverity.Error))).toEqual([]);
    expect(document!.channels().length).toBe(topics.length);
    // One message per event type on its domain topic (its .dlq shares it) and one on the analytics twin.
    expect(document!.allMessages().length).toBe(new Set(allEvents.map((d) => d.type)).size * 2);
    // The payload of a domain message, resolved by file, holds the shared sealed value where a field is personal.
    const contact = document!
      .messages()
      .all()
      .find((m) => m.id() === 'hotline.ContactRecorded.v1')!;
    const payload = contact.payload()!.json<{ properties: { caller: { properties: { name: JsonSchema } } } }>();
    expect(payload.properties.caller.properties.name).toMatchObject({ $id: sealedValueSchema.$id });
  }, 120_000);

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
