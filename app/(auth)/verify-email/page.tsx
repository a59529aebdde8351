import type { Metadata } from "next";
import { VerifyEmailForm } from "@/components/auth/verify-email-form";

export const metadata: Metadata = { title: "Verify your e-mail" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string | string[]; change?: string | string[] }> }) {
  const { token, change } = await searchParams;
  const isChange = change === "1";
  return (
    <>
      <h1 className="text-xl font-semibold">{isChange ? "Confirm your new e-mail" : "Verify your e-mail"}</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        {isChange
          ? "Confirm that this address is yours; your account moves to it."
          : "Confirm that this address is yours; your welcome credits follow."}
      </p>
      <VerifyEmailForm token={typeof token === "string" ? token : ""} change={isChange} />
    </>
  );
}
