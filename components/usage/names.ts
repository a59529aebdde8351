import { features, models } from "@/lib/credits/shared";

const featureNames = new Map<string, string>(features.map((f) => [f.id, f.name]));
const modelNames = new Map<string, string>(models.map((m) => [m.id, m.name]));

/** The display name of a feature id; an id the rate card no longer lists is shown as is. */
export const featureName = (id: string) => featureNames.get(id) ?? id;
export const modelName = (id: string) => modelNames.get(id) ?? id;

export const numberFormat = new Intl.NumberFormat("en-US");
export const formatNumber = (n: number | null | undefined) => (n === null || n === undefined ? "—" : numberFormat.format(n));
