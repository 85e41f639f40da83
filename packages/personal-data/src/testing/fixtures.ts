import { Type } from '@sinclair/typebox';
import { createEventRegistry, defineEvent, personal } from '@carebridge/event-schema';
import type { SubjectIdOf } from '../personalDataCipher';

/** Test-only event: two children and a caller, so erasure of one person can be seen to spare the others. */
export const ChildNoted = defineEvent({
  type: 'test.ChildNoted',
  version: 1,
  topic: 'test.children.v1',
  description: 'Fixture',
  schema: Type.Object(
    {
      caseId: Type.String({ minLength: 1 }),
      child: Type.Object({
        childId: Type.String({ minLength: 1 }),
        name: personal(Type.String({ minLength: 1, maxLength: 50 }), 'child'),
        idNumber: Type.Optional(personal(Type.String({ pattern: '^[0-9]{17}[0-9X]$' }), 'child', 'identifier')),
        birth: personal(Type.Object({ date: Type.String({ format: 'date' }), place: Type.String() }), 'child'),
      }),
      siblings: Type.Array(
        Type.Object({ childId: Type.String(), name: personal(Type.String({ minLength: 1 }), 'sibling') }),
      ),
      caller: Type.Object({ callerId: Type.String(), phone: personal(Type.String({ minLength: 5 }), 'caller') }),
      narrative: Type.String(),
    },
    { additionalProperties: false },
  ),
});

export const registry = createEventRegistry([ChildNoted]);

export const childNoted = (childId: string) => ({
  caseId: 'case-1',
  child: {
    childId,
    name: `Name-of-${childId}`,
    idNumber: '63212320120503456X',
    birth: { date: '2012-05-03', place: 'Place-of-birth-yushu' },
  },
  siblings: [{ childId: `${childId}-sib`, name: `Sibling-of-${childId}` }],
  caller: { callerId: 'caller-9', phone: '13900000000' },
  narrative: 'not personal by schema',
});

export const subjectIdOf: SubjectIdOf = (subject, data, path) => {
  const record = data as ReturnType<typeof childNoted>;
  switch (subject) {
    case 'child':
      return `child:${record.child.childId}`;
    case 'sibling':
      return `child:${record.siblings[Number(path.split('.')[1])]!.childId}`;
    case 'caller':
      return `caller:${record.caller.callerId}`;
    default:
      return undefined;
  }
};
