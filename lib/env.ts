import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";
import { DEFAULT_LOW_BALANCE_THRESHOLD, welcomeWarnsBeforeZero } from "./credits/shared";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === "" ? undefined : v));

/**
 * All configuration, read and validated once. Nothing else reads process.env
 * (scripts/ and test harnesses excepted, as they set it up for the app).
 * Every variable is documented in .env.example.
 */
export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    // Set by scripts/serve.ts to the embedded server when not configured.
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATA_DIR: z.string().default(".data"),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    /** As root, where the embedded PostgreSQL's programs and data go when the postgres user cannot reach them (db/embedded.ts). */
    EMBEDDED_PG_RUNTIME_DIR: optionalString,
    AUTH_SECRET: optionalString,
    AUTH_GITHUB_ID: optionalString,
    AUTH_GITHUB_SECRET: optionalString,
    AUTH_GOOGLE_ID: optionalString,
    AUTH_GOOGLE_SECRET: optionalString,
    // Stripe. With no STRIPE_SECRET_KEY, scripts/serve.ts starts the local Stripe sandbox and sets all four.
    STRIPE_SECRET_KEY: optionalString,
    STRIPE_PUBLISHABLE_KEY: optionalString,
    STRIPE_WEBHOOK_SECRET: optionalString,
    /** Set only when the sandbox is in use: the Stripe SDK talks to it, and the UI says "Test mode — no real charges". */
    STRIPE_SANDBOX_URL: optionalString.pipe(z.url({ protocol: /^http$/ }).optional()),
    STRIPE_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(12111),
    /** "1" lets a production build (e2e tests) run against the sandbox. */
    SANDBOX_PAYMENTS: z.enum(["0", "1"]).optional(),
    /** "0" keeps this instance from running the background jobs (auto-refill, reconciliation). */
    JOBS: z.enum(["0", "1"]).default("1"),
    /** Live-balance streams one server process holds open (each a socket, a timer, a subscription); beyond it a 503. */
    LIVE_BALANCE_MAX_STREAMS: z.coerce.number().int().min(1).max(1_000_000).default(2000),
    /** Least severe level written to the log (stdout, JSON lines). */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Credits a new account gets once, on the Free plan (0: none); at least the low-balance threshold, so it is warned of. */
    WELCOME_CREDITS: z.coerce
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(100)
      .refine(welcomeWarnsBeforeZero, {
        message: `must be 0 or at least ${DEFAULT_LOW_BALANCE_THRESHOLD} (the low-balance threshold), so a new account is warned before its welcome credits run out`,
      }),
    /** Sign-ups one network address may make at once (then one per 30 s). */
    SIGNUP_BURST_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(20),
    /** Proxies in front of the app that append the client's address to X-Forwarded-For (0: none; the socket's address counts). */
    TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
    /** Not a setting: scripts/next-server.mjs sets it in its own process, saying it stamps each request with the socket's address. */
    CLIENT_ADDRESS_FROM_LAUNCHER: z.enum(["1"]).optional(),
    // E-mail. With no SMTP_URL, scripts/serve.ts starts the local mail catcher (development, SANDBOX_PAYMENTS=1) and sets it.
    /** smtp://user:pass@host:port, or smtps:// for TLS from the first byte. */
    SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
    MAIL_FROM: z.string().min(3).default("Credits <no-reply@credits.localhost>"),
    /** The public origin every link in an e-mail uses, e.g. https://credits.example.com; unset: the local URL. */
    APP_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    /** Set only when the local mail catcher is in use: its web page, linked as "Test inbox" in test mode. */
    MAIL_CATCHER_URL: optionalString.pipe(z.url({ protocol: /^http$/ }).optional()),
    /** The mail catcher's SMTP port (its web page on the next one); 0: any free ports. */
    MAIL_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(1025),
    /** The port Next.js listens on (scripts/serve.ts passes it); the local URL's port when APP_URL is unset. */
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    // AI features. With no AI_BASE_URL the features page answers from a built-in offline demo responder.
    /** An OpenAI-compatible API, e.g. https://api.openai.com/v1 (the part before /chat/completions). */
    AI_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    AI_API_KEY: optionalString,
    /** The endpoint's model name for each model of the rate card; unset: the rate card's id. */
    AI_MODEL_GPT_5_MINI: optionalString,
    AI_MODEL_CLAUDE_SONNET_4_5: optionalString,
    AI_MODEL_CLAUDE_OPUS_4_1: optionalString,
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  onValidationError: (issues) => {
    const problems = issues.map((i) => `${i.path?.map(String).join(".")}: ${i.message}`).join("; ");
    throw new Error(`${problems}. See .env.example for every setting.`);
  },
});

export const oauthProviders = {
  github: Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET),
  google: Boolean(env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET),
};
