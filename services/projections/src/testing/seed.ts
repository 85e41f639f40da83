import { idNumberCheckCharacter } from '@carebridge/identity';

/** A resident ID number with the suite's one GB 11643 check character appended. */
export const withCheckDigit = (first17: string): string => first17 + idNumberCheckCharacter(first17);

/** The people of the seeded scenario: every one of these strings must stay out of read models and analytics. */
export const seeded = {
  childName: '卓玛次仁',
  childId: withCheckDigit('63012120110314002'),
  callerName: '才让老师',
  callerPhone: '13987654321',
  applicantName: '卓玛拉姆',
  applicantId: withCheckDigit('32031119850314004'),
  applicantPhone: '15851234567',
};

export const personalStrings = (): string[] => Object.values(seeded);
