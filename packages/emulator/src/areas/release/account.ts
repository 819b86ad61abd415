/**
 * The account's yearly rename allowance, as getaccountbasicinfo's `nickname_info` reports it
 * (`modify_used_count` of `modify_quota`; setnickname's page: 2 a year).
 *
 * A stand-in: the tenant keeps no rename counter yet. The yearly counter setnickname counts (the
 * nickname area's) is to be read here, in this one function, once it exists; until then every
 * account reports none used.
 */
import type { Store, Tenant } from "../../model/store.js";

export const RENAMES_PER_YEAR = 2;

export function yearlyRenames(_store: Store, _t: Tenant): { used: number; quota: number } {
  return { used: 0, quota: RENAMES_PER_YEAR };
}
