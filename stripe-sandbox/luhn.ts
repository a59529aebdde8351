/**
 * The Luhn checksum of a string of digits, as card numbers carry it.
 *
 * The app has the same ten lines in lib/luhn.ts (for its log redaction). The
 * copy is deliberate: stripe-sandbox/ depends on nothing of the app, and lib/
 * never imports the sandbox, so neither side can borrow the other's.
 */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
