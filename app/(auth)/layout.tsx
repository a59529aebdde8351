import { TestModeNote } from "@/components/auth/test-inbox-link";
import { connection } from "next/server";
import { Logo } from "@/components/shell/logo";
import { testInboxUrl } from "@/lib/mail";
import { isSandbox } from "@/lib/payments";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  // Rendered per request: whether test mode (and its Test inbox) is on is known only at run time, not at build.
  await connection();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo />
      </div>
      <div className="w-full max-w-sm rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm sm:p-8 dark:border-zinc-800 dark:bg-zinc-900">
        {children}
      </div>
      <TestModeNote inbox={testInboxUrl()} sandbox={isSandbox()} />
    </main>
  );
}
