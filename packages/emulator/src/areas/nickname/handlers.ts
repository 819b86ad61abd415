/** Name endpoints: checkwxverifynickname, setnickname, api_wxa_querynickname. */
import { NicknameAuditStat } from "@wxa-audit/core/tables";
import { fail, ok } from "../../answers.js";
import { settle } from "../../model/lifecycle.js";
import { checkErrcode, judgeName, renameErrcode } from "../../name-rules.js";
import { type Handler, tenantOf } from "../context.js";
import { NICKNAME_MACHINE } from "./machine.js";
import { latestNicknameAudit, newNicknameAudit, nextNameCheck, nicknameAuditsOf } from "./model.js";

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

export const setNickName: Handler<"setNickName"> = (ctx, req) => {
  const t = tenantOf(ctx);
  if (!t.flags.registeredViaApi) return fail(91001);
  if (t.flags.released) return fail(91002);
  if (latestNicknameAudit(ctx.store, t)?.stat === NicknameAuditStat.InReview) return fail(91003);
  const name = req.nick_name.trim();
  const finding = judgeName(ctx.store.rules, name, ctx.store.clockOf(t).now());
  const errcode = renameErrcode(finding);
  if (errcode !== undefined) return fail(errcode);
  if (finding.kind === "keyword") {
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
