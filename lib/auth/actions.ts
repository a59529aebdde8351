"use server";

// Sign-in, sign-up and sign-out forms. Sign-up's rules (the user row, the welcome credits) live in sign-up.ts.

import { headers } from "next/headers";
import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { publicAction } from "@/lib/actions";
import { signIn, signOut } from ".";
import { newPasswordSchema } from "./password";
import { createPasswordUser } from "./sign-up";
import { clientAddress } from "./address";
import { safeCallbackUrl } from "./callback-url";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { takeToken } from "@/lib/rate-limit";

const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.").max(254));

async function signInWithPassword(input: { email: string; password: string; callbackUrl: string }) {
  try {
    await signIn("credentials", {
      email: input.email,
      password: input.password,
      redirectTo: safeCallbackUrl(input.callbackUrl),
    });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "rate_limited") {
      throw new AppError("rate_limited", "Too many failed sign-ins. Wait a minute, then try again.");
    }
    if (error instanceof AuthError && error.type === "CredentialsSignin") {
      // One message for an unknown e-mail and a wrong password alike.
      throw new AppError("unauthenticated", "The e-mail or password is not right.");
    }
    throw error;
  }
}

export const signInAction = publicAction(
  z.object({
    email,
    password: z.string().min(1, "Enter your password.").max(1024),
    callbackUrl: z.string().max(2048).default("/dashboard"),
  }),
  async (input) => {
    await signInWithPassword(input);
  },
);

export const signUpAction = publicAction(
  z.object({
    name: z.string().trim().max(100, "Use at most 100 characters.").optional(),
    email,
    password: newPasswordSchema,
    callbackUrl: z.string().max(2048).default("/dashboard"),
  }),
  async (input) => {
    const address = clientAddress(await headers());
    const limit = await takeToken(`signup:ip:${address}`, { capacity: env.SIGNUP_BURST_PER_ADDRESS, refillPerSecond: 1 / 30 });
    if (!limit.allowed) {
      throw new AppError("rate_limited", "Too many sign-ups from this network. Try again in a few minutes.");
    }

    const created = await createPasswordUser(input);
    if (!created) {
      throw new AppError("invalid_request", "An account with this e-mail already exists. Sign in instead.", {
        param: "email",
      });
    }
    await signInWithPassword(input);
  },
);

export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}
