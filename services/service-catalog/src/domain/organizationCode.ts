/** GB 11714 organisation code check character over its first eight characters (digits and A-Z). */
export const organizationCodeCheck = (first8: string): string => {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const value = (c: string) => (/[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
  const sum = [...first8].reduce((acc, c, i) => acc + value(c) * weights[i]!, 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
};
