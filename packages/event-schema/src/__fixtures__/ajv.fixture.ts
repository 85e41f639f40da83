import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { sealedValueSchema } from '../publication/publishedSchema';

/**
 * An independent 2020-12 validator for the published (plain JSON) schemas, so tests check the files analysts
 * read, not only the TypeBox objects they came from. Our `x-` keywords are declared, everything else strict.
 */
export const publishedSchemaValidator = () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addVocabulary([
    'x-personal',
    'x-personal-kind',
    'x-topic',
    'x-event-type',
    'x-event-version',
    'x-cloudevents-type',
    'x-partition-key',
  ]);
  // Event schemas refer to it by a relative $ref, resolved against their $id.
  ajv.addSchema(sealedValueSchema);
  return ajv;
};
