/**
 * What submit_audit checks in its request and in the mini program's state before opening a sheet,
 * each with WeChat's errcode (D5 field table and errcode list; meanings from WxJava's catalogues).
 * Rules the sources leave open are chosen to refuse nothing WeChat is known to accept:
 * - item_list is optional (D5 "选填"), an empty one too; past 5 items: 85023.
 * - an item must name its first-level category (first_class and first_id, the fields both the old
 *   and new pages mark required): 85010 otherwise, or for an empty item.
 * - category ids must be positive and, when the tenant lists its categories, name one of them
 *   exactly (first, second, third): 85008; one WeChat withdrew: 85077.
 * - tag: at most 10 space-separated tags of at most 20 characters (85006); title at most 32
 *   characters (85011); address a page of the committed code when the tenant lists them, and never
 *   empty (85007).
 * feedback_info's 200 characters are not checked: no source gives the errcode, and D5 says the field
 * is ignored unless the previous version was rejected. version_desc's limit is undocumented: its
 * 85051 is answered only through a fault rule.
 */
import type { Endpoints, ErrcodeOf } from "@wxa-audit/core/tables";
import type { z } from "zod";
import type { AuditCategory, Tenant } from "../../model/store.js";

/** An item as parsed (category ids as numbers). */
type ParsedItem = NonNullable<z.output<Endpoints["submitAudit"]["request"]>["item_list"]>[number];
type SubmitCode = ErrcodeOf<"submitAudit">;

export const MAX_ITEMS = 5;
export const MAX_TAGS = 10;
export const MAX_TAG_CHARS = 20;
export const MAX_TITLE_CHARS = 32;

/** Characters as people count them (code points), not UTF-16 units. */
const chars = (s: string) => [...s].length;
const blank = (s: string | undefined) => s === undefined || s.trim() === "";

/** The errcode a submission's items earn against the tenant's categories and uploaded pages, if any. */
export function checkItems(t: Tenant, items: readonly ParsedItem[] | undefined): SubmitCode | undefined {
  if (!items) return undefined;
  if (items.length > MAX_ITEMS) return 85023;
  for (const item of items) {
    const code = checkItem(t, item);
    if (code !== undefined) return code;
  }
  return undefined;
}

function checkItem(t: Tenant, item: ParsedItem): SubmitCode | undefined {
  if (Object.keys(item).length === 0 || blank(item.first_class) || item.first_id === undefined) return 85010;
  const ids = [item.first_id, item.second_id, item.third_id];
  if (ids.some((id) => id !== undefined && id <= 0)) return 85008;
  if (t.categories) {
    const category = t.categories.find((c) => sameCategory(c, item));
    if (!category) return 85008;
    if (category.withdrawn) return 85077;
  }
  if (item.tag !== undefined) {
    const tags = item.tag.trim().split(/\s+/).filter(Boolean);
    if (tags.length > MAX_TAGS || tags.some((tag) => chars(tag) > MAX_TAG_CHARS)) return 85006;
  }
  // The pages of the code `commit` uploaded (the release area's state); none known: any page.
  const pages = t.release.committed?.pages;
  if (item.address !== undefined && (blank(item.address) || (pages && !pages.includes(item.address))))
    return 85007;
  if (item.title !== undefined && chars(item.title) > MAX_TITLE_CHARS) return 85011;
  return undefined;
}

const sameCategory = (c: AuditCategory, item: ParsedItem) =>
  c.first === item.first_id && c.second === item.second_id && c.third === item.third_id;
