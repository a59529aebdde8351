import { BalanceProvider } from "@/components/credits/balance-provider";
import { AppHeader } from "@/components/shell/app-header";
import { requireUser } from "@/lib/auth/session";
import { accountIdForUser, getBalance } from "@/lib/credits";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // Rendered with the balance, so the header shows it before the live stream opens.
  const { balance, available, held } = await getBalance(await accountIdForUser(user.id));
  return (
    <BalanceProvider initial={{ balance, available, held }}>
      <div className="min-h-dvh">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow"
        >
          Skip to content
        </a>
        <AppHeader user={{ name: user.name, email: user.email }} />
        <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
          {children}
        </main>
      </div>
    </BalanceProvider>
  );
}
