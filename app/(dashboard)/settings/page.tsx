import type { Metadata } from "next";
import { ChangeEmailForm } from "@/components/settings/change-email-form";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { SignOutEverywhere } from "@/components/settings/sign-out-everywhere";
import { DeleteAccountForm } from "@/components/settings/delete-account-form";
import { MailSwitchesForm } from "@/components/settings/mail-switches-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";
import { mailSwitches } from "@/lib/notifications";
import { formatDate, viewerTimeZone } from "@/lib/credits";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ password?: string | string[] }> }) {
  const user = await requireUser();
  const [switches, timeZone] = await Promise.all([mailSwitches(user.id), viewerTimeZone()]);
  const { password } = await searchParams;
  return (
    <div className="space-y-6">
      {password === "changed" ? <Alert tone="success">Password changed. You are signed out on every other device.</Alert> : null}
      <Card title="Account">
        <dl className="grid gap-4 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Name</dt>
            <dd className="mt-0.5 font-medium">{user.name ?? "—"}</dd>
          </div>
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Email</dt>
            <dd className="mt-0.5 break-words font-medium">
              {user.email}{" "}
              <span className="font-normal text-zinc-600 dark:text-zinc-400">
                {user.emailVerified ? "(verified)" : "(not verified yet)"}
              </span>
            </dd>
          </div>
          <div>
            <dt className="text-zinc-600 dark:text-zinc-400">Member since</dt>
            <dd className="mt-0.5 font-medium">{formatDate(user.createdAt, timeZone)}</dd>
          </div>
        </dl>
      </Card>
      <Card title="E-mail address" description="We send a link to the new address; your account moves to it when you open the link.">
        <ChangeEmailForm hasPassword={Boolean(user.passwordHash)} />
      </Card>
      {user.passwordHash ? (
        <Card title="Password" description="Changing it signs you out on every other device.">
          <ChangePasswordForm />
        </Card>
      ) : null}
      <Card title="Sessions" description="Signs you out everywhere you are signed in, this browser included.">
        <SignOutEverywhere />
      </Card>
      <Card title="Notifications" description="Which e-mails you get besides receipts.">
        <MailSwitchesForm initial={switches} />
      </Card>
      <Card title="Delete account" description="This cannot be undone.">
        <DeleteAccountForm />
      </Card>
    </div>
  );
}
