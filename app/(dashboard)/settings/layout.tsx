import { SettingsNav } from "@/components/settings/settings-nav";
import { PageHeader } from "@/components/ui/page-header";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <PageHeader title="Settings" description="Your account, billing and API keys." />
      <SettingsNav />
      <div className="mt-6">{children}</div>
    </>
  );
}
