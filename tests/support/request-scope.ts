/**
 * A stand-in for `next/headers` in tests that call server actions in-process:
 * outside a running Next server there is no request scope, and `headers()` /
 * `cookies()` throw. This is one plain request from a browser on localhost,
 * with a cookie jar that keeps what is set (Auth.js's sign-in sets cookies).
 */
const jar = new Map<string, string>();

export async function headers(): Promise<Headers> {
  return new Headers({
    host: "localhost:3000",
    origin: "http://localhost:3000",
    referer: "http://localhost:3000/settings/billing",
    cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
  });
}

export async function cookies() {
  return {
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
    set: (name: string, value: string) => {
      jar.set(name, value);
    },
    delete: (name: string) => {
      jar.delete(name);
    },
  };
}
