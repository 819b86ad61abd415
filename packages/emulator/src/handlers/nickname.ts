/** Name endpoints: checkwxverifynickname, setnickname, api_wxa_querynickname. */
import { fail, ok } from "../answers.js";
import { checkErrcode, judgeName, renameErrcode } from "../name-rules.js";
import { type Handler, tenantOf } from "./context.js";

export const checkNickName: Handler<"checkNickName"> = (ctx, req) => {
  const t = tenantOf(ctx);
  if (!t.flags.registeredViaApi) return fail(41033);
  if (!ctx.state.takeNameCheck(t)) return fail(53011);
  const finding = judgeName(ctx.state.rules, req.nick_name.trim(), ctx.state.clockOf(t).now());
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
  if (ctx.state.openNicknameAudit(t)) return fail(91003);
  const name = req.nick_name.trim();
  const finding = judgeName(ctx.state.rules, name, ctx.state.clockOf(t).now());
  const errcode = renameErrcode(finding);
  if (errcode !== undefined) return fail(errcode);
  if (finding.kind === "keyword") {
    const audit = ctx.state.createNicknameAudit(t, { nickname: name });
    audit.history.push({ from: "", to: "in_review", at: audit.create_time, by: "setnickname" });
    return ok({ wording: finding.wording, audit_id: audit.audit_id });
  }
  t.nickname = name;
  return ok({ wording: "" });
};

export const getNickNameStatus: Handler<"getNickNameStatus"> = (ctx, req) => {
  const t = tenantOf(ctx);
  const audit = ctx.state.nicknameAudits.get(req.audit_id);
  if (!audit || audit.tenant !== t.name) return fail(91011);
  ctx.state.settleNickname(audit, true, ctx.fired);
  return ok({
    nickname: audit.nickname,
    audit_stat: audit.stat,
    fail_reason: audit.fail_reason,
    create_time: audit.create_time,
    audit_time: audit.audit_time,
  });
};
