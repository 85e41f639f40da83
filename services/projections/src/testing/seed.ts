/** GB 11643: the 18th character of a resident ID number. */
export const withCheckDigit = (first17: string): string => {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((n, d, i) => n + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
};

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
