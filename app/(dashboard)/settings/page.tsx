import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  return (
    <Card title="Account">
      <dl className="grid gap-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-zinc-600 dark:text-zinc-400">Name</dt>
          <dd className="mt-0.5 font-medium">{user.name ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-zinc-600 dark:text-zinc-400">Email</dt>
          <dd className="mt-0.5 font-medium">{user.email}</dd>
        </div>
        <div>
          <dt className="text-zinc-600 dark:text-zinc-400">Member since</dt>
          <dd className="mt-0.5 font-medium">
            {user.createdAt.toLocaleDateString("en-US", { dateStyle: "long" })}
          </dd>
        </div>
      </dl>
    </Card>
  );
}
