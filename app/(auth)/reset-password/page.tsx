import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { authTokenIsUsable } from "@/lib/auth/tokens";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  const usable = typeof token === "string" && (await authTokenIsUsable(db, token, "reset_password"));
  if (!usable) {
    return (
      <>
        <h1 className="text-xl font-semibold">This link no longer works</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          A reset link works once, for one hour, and only the newest one does. Ask for a new one.
        </p>
        <Link
          href="/forgot-password"
          className="mt-6 block text-center text-sm font-medium text-brand-600 underline-offset-4 hover:underline dark:text-brand-100"
        >
          Send a new reset link
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Setting it signs you out on every other device.
      </p>
      <ResetPasswordForm token={token} />
    </>
  );
}
