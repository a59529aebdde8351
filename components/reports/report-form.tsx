"use client";

import { ImagePlus, Loader2, Send, X } from "lucide-react";
import { useActionState, useEffect, useRef, useState } from "react";
import { createReportAction } from "@/lib/reports/actions";
import { Alert } from "@/components/ui/alert";
import { SubmitButton } from "@/components/ui/submit-button";
import { idle } from "@/lib/form-state";
import { TextareaField } from "./textarea-field";

const MAX_FILES = 5;
const MAX_BYTES = 5 * 1024 * 1024;

interface Uploaded {
  id: string;
  name: string;
  size: number;
  preview: string;
}

function formatSize(bytes: number) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The "Report a problem" form. Screenshots go up one by one as they are
 * chosen (through a route handler: server actions take at most 1 MB), so a
 * wrong file is refused at once; the report then claims them by id.
 */
export function ReportForm({ requestIds }: { requestIds: string[] }) {
  const [state, action] = useActionState(createReportAction, idle);
  const [shots, setShots] = useState<Uploaded[]>([]);
  const [uploadErrors, setUploadErrors] = useState<string[]>([]);
  const [uploading, setUploading] = useState(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const values = state.status === "error" ? state.values : undefined;
  const errors = state.status === "error" ? (state.fieldErrors ?? {}) : {};
  const formError = state.status === "error" && !state.fieldErrors?.description && !state.fieldErrors?.requestIds ? state.message : undefined;

  const previews = useRef<string[]>([]);
  useEffect(() => () => previews.current.forEach((url) => URL.revokeObjectURL(url)), []);

  async function upload(files: FileList | null) {
    if (!files) return;
    const problems: string[] = [];
    const room = MAX_FILES - shots.length;
    const chosen = Array.from(files);
    if (chosen.length > room) problems.push(`Attach at most ${MAX_FILES} screenshots; ${chosen.length - Math.max(room, 0)} were not added.`);
    const queue = chosen.slice(0, Math.max(room, 0));
    setUploading((n) => n + queue.length);
    await Promise.all(
      queue.map(async (file) => {
        try {
          if (file.size > MAX_BYTES) {
            problems.push(`${file.name}: this file is larger than 5 MB. Crop or compress the screenshot and try again.`);
            return;
          }
          const res = await fetch("/api/reports/screenshots", { method: "POST", body: file });
          const body = (await res.json().catch(() => null)) as { id?: string; error?: { message?: string } } | null;
          if (!res.ok || !body?.id) {
            problems.push(`${file.name}: ${body?.error?.message ?? "the upload failed. Try again."}`);
            return;
          }
          const uploaded = { id: body.id, name: file.name, size: file.size, preview: URL.createObjectURL(file) };
          previews.current.push(uploaded.preview);
          setShots((current) => [...current, uploaded]);
        } catch {
          problems.push(`${file.name}: the upload failed. Check your connection and try again.`);
        } finally {
          setUploading((n) => n - 1);
        }
      }),
    );
    setUploadErrors(problems);
    if (fileInput.current) fileInput.current.value = "";
  }

  return (
    <form action={action} noValidate className="space-y-5">
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <TextareaField
        id="report-description"
        name="description"
        label="What went wrong?"
        hint="What you asked for, what happened instead, and why the credits should not count. 10 to 5,000 characters."
        rows={6}
        minLength={10}
        maxLength={5000}
        required
        defaultValue={values?.description}
        error={errors.description}
      />
      <TextareaField
        id="report-requests"
        name="requestIds"
        label="Request ids"
        hint="From the Usage page, one per line. Each must be a request of your account."
        rows={Math.min(6, Math.max(2, requestIds.length))}
        inputClassName="font-mono"
        spellCheck={false}
        defaultValue={values?.requestIds ?? requestIds.join("\n")}
        error={errors.requestIds}
      />
      <input type="hidden" name="screenshotIds" value={shots.map((s) => s.id).join(",")} />

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Screenshots (optional)</legend>
        <p id="report-screenshots-hint" className="text-xs text-zinc-600 dark:text-zinc-400">
          PNG or JPEG, up to 5 MB each, at most {MAX_FILES}.
        </p>
        {shots.length > 0 ? (
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-5" aria-label="Attached screenshots">
            {shots.map((shot) => (
              <li key={shot.id} className="relative overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
                {/* eslint-disable-next-line @next/next/no-img-element -- a local preview (blob: URL) */}
                <img src={shot.preview} alt={`Screenshot ${shot.name}`} className="aspect-video w-full object-cover" />
                <div className="flex items-center justify-between gap-1 px-2 py-1 text-xs">
                  <span className="truncate" title={shot.name}>
                    {shot.name}
                    <span className="text-zinc-600 dark:text-zinc-400"> · {formatSize(shot.size)}</span>
                  </span>
                  <button
                    type="button"
                    onClick={() => setShots((current) => current.filter((s) => s.id !== shot.id))}
                    aria-label={`Remove ${shot.name}`}
                    className="inline-flex size-7 shrink-0 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-200 dark:text-zinc-400 dark:hover:bg-zinc-800"
                  >
                    <X aria-hidden className="size-3.5" />
                  </button>
                </div>
              </li>
            ))}
          </ul>
        ) : null}
        {shots.length < MAX_FILES ? (
          <div>
            <label
              htmlFor="report-screenshots"
              className="inline-flex h-10 cursor-pointer items-center gap-2 rounded-lg border border-zinc-300 bg-white px-4 text-sm font-medium shadow-sm hover:bg-zinc-50 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-brand-600 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
            >
              {uploading > 0 ? <Loader2 aria-hidden className="size-4 animate-spin" /> : <ImagePlus aria-hidden className="size-4" />}
              {uploading > 0 ? "Uploading…" : "Add screenshots"}
            </label>
            <input
              ref={fileInput}
              id="report-screenshots"
              type="file"
              accept="image/png,image/jpeg"
              multiple
              aria-describedby="report-screenshots-hint"
              className="sr-only"
              onChange={(e) => void upload(e.currentTarget.files)}
            />
          </div>
        ) : null}
        {uploadErrors.length > 0 ? (
          <Alert tone="error">
            <ul className="space-y-1">
              {uploadErrors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </Alert>
        ) : null}
      </fieldset>

      <div className="flex items-center gap-3">
        <SubmitButton pendingLabel="Sending…">
          <Send aria-hidden className="size-4" />
          Send report
        </SubmitButton>
        {uploading > 0 ? <span className="text-sm text-zinc-600 dark:text-zinc-400">Wait for the screenshots to finish uploading.</span> : null}
      </div>
    </form>
  );
}
