import { authorise, listingScope, rolesFor, type Operation, type Principal } from './access';
import { jurisdictions } from './testing/fixtures';

const datongCase = { province: '630000', prefecture: '630100', county: '630121' };
const p = (role: string, division: string): Principal => ({ subject: `${role}@${division}`, roles: [role], division });
const all: Operation[] = [
  'recordContact',
  'openCase',
  'assignCase',
  'acceptCase',
  'recordAction',
  'referCase',
  'recordReply',
  'closeCase',
  'reopenCase',
  'readCase',
];

describe('authorisation by role and jurisdiction', () => {
  test.each<[string, Principal, Operation[]]>([
    [
      'the assigned county handler',
      p('hotline.handler', '630121'),
      ['acceptCase', 'recordAction', 'referCase', 'closeCase', 'readCase'],
    ],
    [
      'the Xining operator',
      p('hotline.operator', '630100'),
      [
        'recordContact',
        'openCase',
        'assignCase',
        'recordAction',
        'referCase',
        'recordReply',
        'closeCase',
        'reopenCase',
        'readCase',
      ],
    ],
    [
      'the provincial supervisor',
      p('hotline.supervisor', '630000'),
      [
        'recordContact',
        'openCase',
        'assignCase',
        'recordAction',
        'referCase',
        'recordReply',
        'closeCase',
        'reopenCase',
        'readCase',
      ],
    ],
    ['another county of the same prefecture', p('hotline.handler', '630102'), []],
    ['a county of another prefecture', p('hotline.handler', '630202'), []],
    ['another prefecture operator', p('hotline.operator', '630200'), []],
    ['a handler role claiming a prefecture division', p('hotline.handler', '630100'), []],
    ['an operator role claiming a county division', p('hotline.operator', '630121'), []],
    ['a supervisor of another province', p('hotline.supervisor', '110000'), []],
    ['someone without a hotline role', p('relief.officer', '630121'), []],
  ])('%s', (_name, principal, expected) =>
    expect(all.filter((op) => authorise(principal, jurisdictions, op, datongCase))).toEqual(expected),
  );

  test('an unassigned case is invisible to counties', () =>
    expect(
      authorise(p('hotline.handler', '630121'), jurisdictions, 'readCase', {
        province: '630000',
        prefecture: '630100',
      }),
    ).toBeUndefined());

  test.each<[Principal, ReturnType<typeof listingScope>]>([
    [p('hotline.handler', '630121'), { field: 'county', division: '630121' }],
    [p('hotline.operator', '632700'), { field: 'prefecture', division: '632700' }],
    [p('hotline.supervisor', '630000'), { field: 'province', division: '630000' }],
    [p('volunteer', '630121'), undefined],
  ])('listing scope of %j', (principal, expected) => expect(listingScope(principal, jurisdictions)).toEqual(expected));
});

describe('roles admitted at the API edge', () => {
  test.each<[Operation, string[]]>([
    ['acceptCase', ['hotline.handler']],
    ['recordContact', ['hotline.supervisor', 'hotline.operator']],
    ['readCase', ['hotline.supervisor', 'hotline.operator', 'hotline.handler']],
  ])('%s', (operation, roles) => expect(rolesFor(operation)).toEqual(roles));
});
