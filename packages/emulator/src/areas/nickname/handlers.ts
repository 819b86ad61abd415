/** Name endpoints: checkwxverifynickname, setnickname, api_wxa_querynickname. */
import { NicknameAuditStat } from "@wxa-audit/core/tables";
import { fail, ok } from "../../answers.js";
import { settle } from "../../model/lifecycle.js";
import { checkErrcode, judgeName, RESERVED_NAME_WORD, renameErrcode } from "../../name-rules.js";
import { isOpenAudit } from "../code-audit/machine.js";
import { latestAudit } from "../code-audit/model.js";
import { type Handler, tenantOf } from "../context.js";
import { NICKNAME_MACHINE } from "./machine.js";
import {
  latestNicknameAudit,
  newNicknameAudit,
  nextNameCheck,
  nicknameAuditsOf,
  renamesOf,
} from "./model.js";

export const checkNickName: Handler<"checkNickName"> = (ctx, req) => {
  const t = tenantOf(ctx);
  if (!t.flags.registeredViaApi) return fail(41033);
  const checks = nextNameCheck(ctx.store, t);
  if (!checks) return fail(53011);
  if (checks !== t.checks) {
    const cause = { trigger: "command", by: "checknickname" } as const;
    ctx.commit({ kind: "counter", tenant: t.name, counter: "checks", to: checks, cause });
  }
  const finding = judgeName(ctx.store.rules, req.nick_name.trim(), ctx.store.clockOf(t).now());
  const errcode = checkErrcode(finding);
  if (errcode !== undefined) return fail(errcode);
  return ok(
    finding.kind === "keyword"
      ? { hit_condition: true, wording: finding.wording }
      : { hit_condition: false, wording: "" },
  );
};

/** The material fields of setnickname: any one non-empty lets a keyword name go to audit. */
const MATERIAL_FIELDS = [
  "license",
  "id_card",
  "naming_other_stuff_1",
  "naming_other_stuff_2",
  "naming_other_stuff_3",
  "naming_other_stuff_4",
  "naming_other_stuff_5",
] as const;

export const setNickName: Handler<"setNickName"> = (ctx, req) => {
  const t = tenantOf(ctx);
  if (!t.flags.registeredViaApi) return fail(91001);
  if (t.flags.released) return fail(91002);
  if (latestNicknameAudit(ctx.store, t)?.stat === NicknameAuditStat.InReview) return fail(91003);
  // WeChat answers 91019 "小程序正在审核中" while a release audit is open (community reports).
  const sheet = latestAudit(ctx.store, t);
  if (sheet && isOpenAudit(sheet.status)) return fail(91019);
  // No source gives a code for "this year's renames are used up": 91003, the rename state.
  const renames = renamesOf(ctx.store, t);
  if (renames.used >= renames.limit) return fail(91003);
  const name = req.nick_name.trim();
  if (name.includes(RESERVED_NAME_WORD)) return fail(91004);
  const finding = judgeName(ctx.store.rules, name, ctx.store.clockOf(t).now());
  const errcode = renameErrcode(finding);
  if (errcode !== undefined) return fail(errcode);
  if (finding.kind === "keyword") {
    // A keyword name needs material: without any, WeChat answers 91009 with the policy's wording.
    if (!MATERIAL_FIELDS.some((f) => req[f])) return fail(91009, { wording: finding.wording });
    const audit = newNicknameAudit(ctx.store, t, { nickname: name });
    ctx.commit({
      machine: NICKNAME_MACHINE,
      record: audit,
      to: NicknameAuditStat.InReview,
      details: {},
      cause: { trigger: "command", by: "setnickname" },
      created: true,
    });
    return ok({ wording: finding.wording, audit_id: audit.audit_id });
  }
  ctx.commit({ kind: "rename", tenant: t.name, to: name, cause: { trigger: "command", by: "setnickname" } });
  return ok({ wording: "" });
};

export const getNickNameStatus: Handler<"getNickNameStatus"> = (ctx, req) => {
  const t = tenantOf(ctx);
  const audit = nicknameAuditsOf(ctx.store).get(req.audit_id);
  if (!audit || audit.tenant !== t.name) return fail(91011);
  settle(NICKNAME_MACHINE, ctx.store, ctx.commit, audit, true);
  return ok({
    nickname: audit.nickname,
    audit_stat: audit.stat,
    fail_reason: audit.fail_reason,
    create_time: audit.create_time,
    audit_time: audit.audit_time,
  });
};
