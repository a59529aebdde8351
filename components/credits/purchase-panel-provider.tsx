"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import { usePathname, useSearchParams } from "next/navigation";
import { createContext, useCallback, useContext, useMemo, useRef, useState } from "react";
import { useBalance } from "./balance-provider";
import { lowBalanceThreshold } from "@/lib/credits/shared";
import type { PanelData } from "./panel-types";
import { PurchasePanel } from "./purchase-panel";
import { useLowBalancePrompt } from "./use-low-balance-prompt";

interface PurchasePanelControls {
  open: boolean;
  openPanel: () => void;
}

const PanelContext = createContext<PurchasePanelControls | null>(null);

/** Opens the one "Purchase More Credits" dialog of the page. */
export function usePurchasePanel(): PurchasePanelControls {
  const value = useContext(PanelContext);
  if (!value) throw new Error("usePurchasePanel must be used inside <PurchasePanelProvider>");
  return value;
}

/**
 * The open state of the "Purchase More Credits" dialog, in one place: the
 * buttons open it, the low-balance prompt opens it by itself (DESIGN.md §5),
 * and a purchase coming back from the card's authentication page reopens it.
 * Mounted once in the dashboard layout, so the panel is never stacked twice.
 */
export function PurchasePanelProvider({ data, children }: { data: PanelData; children: React.ReactNode }) {
  const pathname = usePathname();
  const [asked, setAsked] = useState(false);
  const prompt = useLowBalancePrompt({
    autoRefill: { enabled: data.autoRefill.enabled, threshold: data.autoRefill.thresholdCredits },
    // With auto-refill on, the ledger queues a refill in the same transaction as
    // the debit that crosses the threshold: one is always on its way by then.
    refillPending: data.autoRefill.enabled,
  });
  const open = asked || prompt.open;

  const openPanel = useCallback(() => setAsked(true), []);
  const { dismiss } = prompt;
  const onOpenChange = useCallback(
    (next: boolean) => {
      if (next) return setAsked(true);
      setAsked(false);
      if (prompt.open) dismiss();
    },
    [prompt.open, dismiss],
  );

  // A link in the panel (the box's "Change amount") leads to another page: the dialog closes on the way.
  const [openedOn, setOpenedOn] = useState(pathname);
  if (openedOn !== pathname) {
    setOpenedOn(pathname);
    setAsked(false);
  }

  // Back from the card's authentication page, on whichever page the purchase began: show the result here
  // (derived during render, the way React suggests for state that follows props).
  const searchParams = useSearchParams();
  const returning = searchParams.has("purchase");
  const [wasReturning, setWasReturning] = useState(false);
  if (returning !== wasReturning) {
    setWasReturning(returning);
    if (returning) setAsked(true);
  }

  const controls = useMemo(() => ({ open, openPanel }), [open, openPanel]);
  return (
    <PanelContext.Provider value={controls}>
      {children}
      <PurchaseDialog
        data={data}
        open={open}
        onOpenChange={onOpenChange}
        prompted={prompt.open && !asked}
        handleReturn
      />
    </PanelContext.Provider>
  );
}

function LowBalanceNote({ threshold }: { threshold: number }) {
  const { balance } = useBalance();
  // Gone once a purchase has brought the balance back up.
  if (balance >= threshold) return null;
  return (
    <p className="rounded-lg bg-amber-50 px-3.5 py-2.5 text-sm text-amber-900 dark:bg-amber-400/10 dark:text-amber-200">
      {balance <= 0
        ? "You are out of credits: features that use credits are paused until you buy more."
        : "Your credits are running low. Buy more to keep your AI features running."}
    </p>
  );
}

function PurchaseDialog({
  data,
  open,
  onOpenChange,
  prompted,
  handleReturn,
}: {
  data: PanelData;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  prompted: boolean;
  handleReturn: boolean;
}) {
  // Opened by our own buttons (not a Dialog.Trigger), so focus goes back by hand to where it was.
  const returnFocus = useRef<Element | null>(null);
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/50 backdrop-blur-[2px]" />
        <Dialog.Content
          aria-describedby={undefined}
          onOpenAutoFocus={() => {
            returnFocus.current = document.activeElement;
          }}
          onCloseAutoFocus={(event) => {
            const target = returnFocus.current;
            if (target instanceof HTMLElement && target.isConnected && target !== document.body) {
              event.preventDefault();
              target.focus();
            }
          }}
          className="fixed inset-x-0 bottom-0 z-50 max-h-[92dvh] overflow-y-auto rounded-t-2xl border border-zinc-200 bg-white p-5 shadow-2xl outline-none sm:inset-x-auto sm:bottom-auto sm:left-1/2 sm:top-1/2 sm:w-[36rem] sm:max-w-[calc(100vw-2rem)] sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-2xl sm:p-6 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <PurchasePanel
            data={data}
            handleReturn={handleReturn}
            heading={<Dialog.Title className="pr-8 text-lg font-semibold">Purchase More Credits</Dialog.Title>}
            intro={prompted ? <LowBalanceNote threshold={lowBalanceThreshold({ enabled: data.autoRefill.enabled, threshold: data.autoRefill.thresholdCredits })} /> : null}
          />
          <Dialog.Close
            aria-label="Close"
            className="absolute right-3 top-3 grid size-9 place-items-center rounded-lg text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          >
            <X aria-hidden className="size-5" />
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
