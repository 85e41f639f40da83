/** Base of every error the document store raises on purpose; adapters never let a raw driver error through. */
export class DocumentStoreError extends Error {
  override readonly name: string = 'DocumentStoreError';
}

/** A document that cannot be stored as plain JSON (a Date, NaN, a class instance...); `path` names the field. */
export class InvalidDocumentError extends DocumentStoreError {
  override readonly name = 'InvalidDocumentError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`invalid document at ${path}: ${reason}`);
  }
}

/** A filter, sort, limit or page token outside the supported language; `path` names the offending part. */
export class InvalidQueryError extends DocumentStoreError {
  override readonly name = 'InvalidQueryError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`invalid query at ${path}: ${reason}`);
  }
}

/** applyOnce kept losing the race for one document; the event is not acknowledged and will be redelivered. */
export class ApplyContentionError extends DocumentStoreError {
  override readonly name = 'ApplyContentionError';
  constructor(
    readonly collection: string,
    readonly id: string,
    attempts: number,
  ) {
    super(`${collection}/${id}: gave up applying after ${attempts} lost races`);
  }
}
