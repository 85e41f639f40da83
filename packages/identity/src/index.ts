export { checkIdNumber, idNumberCheckCharacter, makeIdNumber, normaliseIdNumber } from './idNumber';
export type { IdNumberCheckOptions } from './idNumber';
export { personRefOf, personSubject } from './personRef';
