import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { ApiKeyList, type ApiKeyRow } from "@/components/api-keys/api-key-list";
import { CreateApiKeyForm } from "@/components/api-keys/create-api-key-form";
import { UsageExample } from "@/components/api-keys/usage-example";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listApiKeys, MAX_ACTIVE_API_KEYS } from "@/lib/api-keys";
import { requireUser } from "@/lib/auth/session";
import { formatDate, viewerTimeZone } from "@/lib/credits";

export const metadata: Metadata = { title: "API keys" };

/** This server's address as the browser reached it, for the copy-paste example. */
async function requestOrigin() {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

export default async function ApiKeysPage() {
  const user = await requireUser();
  const [keys, origin, timeZone] = await Promise.all([listApiKeys(user.id), requestOrigin(), viewerTimeZone()]);
  const active = keys.filter((k) => !k.revokedAt).length;
  const rows: ApiKeyRow[] = keys.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    createdLabel: formatDate(k.createdAt, timeZone),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    lastUsedLabel: k.lastUsedAt ? formatDate(k.lastUsedAt, timeZone) : null,
    revoked: k.revokedAt !== null,
    monthlyLimit: k.monthlyLimit,
    usedThisMonth: k.usedThisMonth,
  }));

  return (
    <div className="space-y-6">
      <Card
        title="API keys"
        description="Keys let your AI features and other services call the metering API: record usage, hold credits and read the balance of this account. Treat a key like a password."
      >
        <CreateApiKeyForm atLimit={active >= MAX_ACTIVE_API_KEYS} limit={MAX_ACTIVE_API_KEYS} />
      </Card>

      {rows.length === 0 ? (
        <EmptyState icon={<KeyRound className="size-5" />} title="No API keys yet">
          <p>
            Create a key for each service that spends credits, so you can revoke one without stopping the others. Send
            it as a bearer token:
          </p>
          {/* Zero intrinsic width: the long example lines scroll instead of widening the empty state. */}
          <div className="mt-4 w-0 min-w-full">
            <UsageExample origin={origin} />
          </div>
        </EmptyState>
      ) : (
        <Card
          title="Your keys"
          description={`${active} of ${MAX_ACTIVE_API_KEYS} active keys. Newest first; revoked keys stay listed so you can tell what stopped working.`}
        >
          <ApiKeyList keys={rows} />
          <details className="group mt-5 rounded-lg border border-zinc-200 px-4 py-3 dark:border-zinc-800">
            <summary className="cursor-pointer text-sm font-medium">How to use a key</summary>
            <div className="mt-3">
              <UsageExample origin={origin} />
            </div>
          </details>
        </Card>
      )}
    </div>
  );
}
