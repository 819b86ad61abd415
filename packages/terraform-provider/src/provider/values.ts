/**
 * Reading decoded Terraform values: configs arrive with every attribute present, null when unset,
 * UNKNOWN when Terraform has not decided yet (during validate, or a config depending on a resource).
 */
import { type TfObject, type TfValue, UNKNOWN } from "./contract.js";

export function isUnknown(v: TfValue | undefined): boolean {
  return v === UNKNOWN;
}

/** True when the value or anything inside it is not known yet. */
export function containsUnknown(v: TfValue | undefined): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
  return false;
}

/** The first attribute of `config` that is (or holds) an unknown value, if any. */
export function firstUnknown(config: TfObject, names: Iterable<string>): string | undefined {
  for (const name of names) if (containsUnknown(config[name])) return name;
  return undefined;
}

export function stringOf(config: TfObject, name: string): string | undefined {
  const v = config[name];
  return typeof v === "string" ? v : undefined;
}
