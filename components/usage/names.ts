import { features, models } from "@/lib/credits/shared";

const featureNames = new Map<string, string>(features.map((f) => [f.id, f.name]));
const modelNames = new Map<string, string>(models.map((m) => [m.id, m.name]));

/** The display name of a feature id; an id the rate card no longer lists is shown as is. */
export const featureName = (id: string) => featureNames.get(id) ?? id;
export const modelName = (id: string) => modelNames.get(id) ?? id;

export const numberFormat = new Intl.NumberFormat("en-US");
export const formatNumber = (n: number | null | undefined) => (n === null || n === undefined ? "—" : numberFormat.format(n));

/** "Jun 3, 2026, 14:05:09" in the given zone. */
export function dateTimeFormat(timeZone: string) {
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
}
