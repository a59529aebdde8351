"use client";

import { clsx } from "clsx";
import { Check, Circle } from "lucide-react";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { passwordRules } from "@/lib/auth/password-rules";

/** A new password with the sign-up rules shown as they are met (the server checks the same rules). */
export function NewPasswordField({ id, name, label, error }: { id: string; name: string; label: string; error?: string }) {
  const [password, setPassword] = useState("");
  return (
    <Field
      id={id}
      name={name}
      type="password"
      label={label}
      autoComplete="new-password"
      required
      value={password}
      onChange={(e) => setPassword(e.target.value)}
      error={error}
      hint={
        <ul aria-label="Password rules" className="mt-1 space-y-1">
          {passwordRules.map((rule) => {
            const met = rule.test(password);
            return (
              <li key={rule.id} className={clsx("flex items-center gap-1.5", met && "text-emerald-700 dark:text-emerald-400")}>
                {met ? <Check aria-hidden className="size-3.5" /> : <Circle aria-hidden className="size-3.5" />}
                {rule.label}
                <span className="sr-only">{met ? " (met)" : " (not met yet)"}</span>
              </li>
            );
          })}
        </ul>
      }
    />
  );
}
