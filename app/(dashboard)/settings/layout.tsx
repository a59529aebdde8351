import { SettingsNav } from "@/components/settings/settings-nav";
import { PageHeader } from "@/components/ui/page-header";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      {/* A printed page (a receipt) is only its content. */}
      <div className="print:hidden">
        <PageHeader title="Settings" description="Your account, billing and API keys." />
        <SettingsNav />
      </div>
      <div className="mt-6">{children}</div>
    </>
  );
}
