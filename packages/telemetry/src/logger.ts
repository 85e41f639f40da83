import pino, { type Logger, type LoggerOptions, type DestinationStream } from 'pino';
import { trace, context } from '@opentelemetry/api';

export type { Logger } from 'pino';

/**
 * Field names that hold personal data anywhere in CareBridge (applicants, children, callers, volunteers).
 * A log line never carries them, at the top level or nested up to three levels.
 */
export const personalFieldNames = [
  'name',
  'fullName',
  'childName',
  'reporterName',
  'callerName',
  'guardianName',
  'contactName',
  'applicantName',
  'idNumber',
  'id_number',
  'identityNumber',
  'phone',
  'phoneNumber',
  'mobile',
  'email',
  'address',
  'homeAddress',
  'birthDate',
  'dateOfBirth',
  'narrative',
  'description',
  'notes',
  'story',
  'diagnosis',
  'school',
] as const;

/** Keys that would carry a whole request, response or event body: dropped whole, whatever they contain. */
export const bodyFieldNames = [
  'request',
  'response',
  'body',
  'payload',
  'data',
  'form',
  'applicant',
  'child',
  'caller',
] as const;

const nested = (keys: readonly string[]): string[] => keys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]);

export const redactPaths = (extra: readonly string[] = []): string[] => [
  ...nested(personalFieldNames),
  ...nested(bodyFieldNames),
  ...extra,
];

export type LoggerFactoryOptions = {
  readonly serviceName: string;
  readonly level?: string;
  /** More paths to redact (pino path syntax), e.g. the x-personal paths of a programme's events. */
  readonly redact?: readonly string[];
  /** Where lines go (tests pass a buffer); stdout by default. */
  readonly destination?: DestinationStream;
};

/**
 * A pino logger whose every line carries trace_id/span_id of the active span (so logs join traces) and
 * never personal data: known personal fields and whole bodies are censored before serialisation.
 */
export const createLogger = (options: LoggerFactoryOptions): Logger => {
  const config: LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    // `service`, not pino's `name`: name is a personal field and would be censored.
    base: { service: options.serviceName },
    redact: { paths: redactPaths(options.redact), censor: '[redacted]' },
    mixin: () => {
      const span = trace.getSpan(context.active());
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(config, options.destination) : pino(config);
};
