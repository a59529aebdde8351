/** Password rules, shown on the sign-up form as the user types and checked on the server. */
export const passwordRules = [
  { id: "length", label: "At least 10 characters", test: (p: string) => [...p].length >= 10 },
  { id: "letter", label: "A letter", test: (p: string) => /\p{L}/u.test(p) },
  { id: "other", label: "A number or symbol", test: (p: string) => /[^\p{L}\s]/u.test(p) },
] as const;

// bcrypt reads only the first 72 bytes; a longer password would be silently cut.
export const PASSWORD_MAX_BYTES = 72;
