import * as path from 'node:path';
import { Type } from '@sinclair/typebox';
import { createEventRegistry, defineEvent, personal, type EventRegistry } from '@carebridge/event-schema';
import type { SubjectIdOf } from '@carebridge/personal-data';

export const PROBE_PROTO = path.join(__dirname, 'proto', 'trace_probe.proto');
export const PROBE_SERVICE = 'carebridge.traceprobe.v1.TraceProbe';
export const CHILD_REPORTED = 'testing.ChildReported';

/** The probe's one event: a case reference and a child's name, the name sealed as personal data. */
export const probeRegistry = (topic: string): EventRegistry =>
  createEventRegistry([
    defineEvent({
      type: CHILD_REPORTED,
      version: 1,
      topic,
      description: 'A child reported through the trace probe service.',
      schema: Type.Object(
        { caseRef: Type.String({ minLength: 1 }), childName: personal(Type.String({ minLength: 1 }), 'child') },
        { additionalProperties: false },
      ),
    }),
  ]);

export const probeSubjectOf: SubjectIdOf = (subject, data) =>
  subject === 'child' && typeof data.caseRef === 'string' ? `child:${data.caseRef}` : undefined;

/** A line the probe process writes on stdout for the test (pino lines carry `level` instead). */
export type ProbeReport =
  | { readonly probe: 'ready'; readonly port: number }
  | { readonly probe: 'applied'; readonly streamId: string; readonly traceparent: string | undefined }
  | { readonly probe: 'stopped' }
  | { readonly probe: 'fatal'; readonly error: string };
