import { BalanceProvider } from "@/components/credits/balance-provider";
import { loadPanelData } from "@/components/credits/panel-data";
import { PurchasePanelProvider } from "@/components/credits/purchase-panel-provider";
import { VerifyEmailBanner } from "@/components/auth/verify-email-banner";
import { NoticeBanners } from "@/components/notices/notice-banners";
import { AppHeader } from "@/components/shell/app-header";
import { TimeZoneSync } from "@/components/usage/time-zone-sync";
import { requireUser } from "@/lib/auth/session";
import { reportedTimeZone, saveTimeZone } from "@/lib/account";
import { unreadNotifications } from "@/lib/notifications";
import { TIME_ZONE_COOKIE, accountIdForUser, getBalance, viewerTimeZone } from "@/lib/credits";
import { testInboxUrl } from "@/lib/mail";
import { currentPlan, plans } from "@/lib/payments";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  // Rendered with the balance, so the header shows it before the live stream opens.
  const [{ balance, available, held }, panel, { plan }, notices, timeZone] = await Promise.all([
    getBalance(await accountIdForUser(user.id)),
    loadPanelData(user),
    currentPlan(user.id),
    unreadNotifications(user.id),
    viewerTimeZone(),
  ]);
  // The server keeps the zone the browser reported (TimeZoneSync's cookie) for months and days that pass
  // with no page open (a key's monthly limit, a daily alert). Written here, on the render after the cookie
  // changed, rather than by a request of its own from the page: only when it differs, and idempotent.
  if ((await reportedTimeZone()) && timeZone !== user.timeZone) await saveTimeZone(user.id, timeZone);
  return (
    <BalanceProvider initial={{ balance, available, held }}>
      <PurchasePanelProvider data={panel}>
        {/* Every page shows times in the browser's zone: it tells the server once, and the page refreshes. */}
        <TimeZoneSync serverTimeZone={timeZone} cookieName={TIME_ZONE_COOKIE} />
        <div className="min-h-dvh">
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow"
          >
            Skip to content
          </a>
          <AppHeader user={{ name: user.name, email: user.email }} plan={plan} />
          {user.emailVerified ? null : (
            <VerifyEmailBanner email={user.email} welcomeCredits={plans.free.welcomeCredits} inbox={testInboxUrl()} />
          )}
          <NoticeBanners
            notices={notices.map(({ id, kind, title, body, href }) => ({ id, kind, title, body, href }))}
            payment={panel.payment}
          />
          <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
            {children}
          </main>
        </div>
      </PurchasePanelProvider>
    </BalanceProvider>
  );
}
