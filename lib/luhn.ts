/**
 * The Luhn checksum of a string of digits, as card numbers carry it (the logs'
 * card redaction). stripe-sandbox/luhn.ts is a deliberate copy: the sandbox
 * imports nothing of the app.
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
