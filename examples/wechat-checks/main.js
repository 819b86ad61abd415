// Example CDKTF app: every wxa-audit check, in both severities, and the audit quota, in one stack.
// Each check is a `data.wechat_*` data source of the wxa-audit/wechat provider, which computes the
// verdict during plan (install it with `npx @wxa-audit/terraform-provider install`).
// Synthesize with `node main.js` (no cdktf-cli needed); the output goes to $CDKTF_OUTDIR
// (default ./cdktf.out), the stack to <outdir>/stacks/wechat-checks/cdk.tf.json.
//
// Which nickname and audits to check comes from the environment, so a demo can point the app at
// audits it created in the emulator:
//   WXA_NICKNAME            name for WechatNicknameCheck          (default "腾讯 Foo")
//   WXA_NICKNAME_AUDIT_ID   audit_id for WechatNicknameAudit      (default 1)
//   WXA_CODE_AUDIT_ID       auditid for WechatCodeAudit           (default 1)
//   WXA_API_BASE_URL        baseUrl prop: the checks then read through an aliased provider
//                           (else the provider reads WECHAT_API_BASE_URL at plan time)
//   WXA_TIME_BUDGET_MS      timeBudgetMs prop of every check
// Credentials are NOT read here: the provider reads WECHAT_ACCESS_TOKEN (or the platform flow's
// variables) when plan runs.
import {
  AuditStatus,
  WechatAuditQuota,
  WechatCodeAudit,
  WechatLatestCodeAudit,
  WechatNicknameAudit,
  WechatNicknameCheck,
} from "@wxa-audit/cdktf-provider";
import { App, TerraformOutput, TerraformStack } from "cdktf";

const env = process.env;
const common = {
  ...(env.WXA_API_BASE_URL && { baseUrl: env.WXA_API_BASE_URL }),
  ...(env.WXA_TIME_BUDGET_MS && { timeBudgetMs: Number(env.WXA_TIME_BUDGET_MS) }),
};
const nickName = env.WXA_NICKNAME || "腾讯 Foo";
const nicknameAuditId = env.WXA_NICKNAME_AUDIT_ID || "1";
const codeAuditId = env.WXA_CODE_AUDIT_ID || "1";

class WechatChecksStack extends TerraformStack {
  constructor(scope, id) {
    super(scope, id);

    // Errors: the plan fails when these do not hold.
    const name = new WechatNicknameCheck(this, "nickname-error", {
      ...common,
      nickName,
      onHitCondition: "warning",
    });
    const renameAudit = new WechatNicknameAudit(this, "nickname-audit-error", {
      ...common,
      auditId: nicknameAuditId,
      expect: "not-failed",
    });
    const release = new WechatCodeAudit(this, "code-audit-error", {
      ...common,
      auditId: codeAuditId,
      allowedStatuses: [AuditStatus.Approved],
    });
    const latest = new WechatLatestCodeAudit(this, "latest-code-audit-error", {
      ...common,
      allowedStatuses: [AuditStatus.Approved, AuditStatus.InReview],
    });

    // Warnings: the plan goes on, with a warning, when these do not hold.
    new WechatNicknameCheck(this, "nickname-warning", {
      ...common,
      nickName,
      severity: "warning",
      onHitCondition: "warning",
    });
    new WechatNicknameAudit(this, "nickname-audit-warning", {
      ...common,
      auditId: nicknameAuditId,
      severity: "warning",
    });
    const releaseWarn = new WechatCodeAudit(this, "code-audit-warning", {
      ...common,
      auditId: codeAuditId,
      severity: "warning",
    });
    new WechatLatestCodeAudit(this, "latest-code-audit-warning", { ...common, severity: "warning" });

    // The month's submission quota: fail when none is left, warn when fewer than 5 are.
    const quota = new WechatAuditQuota(this, "audit-quota-error", { ...common, minRest: 1 });
    new WechatAuditQuota(this, "audit-quota-warning", { ...common, minRest: 5, severity: "warning" });

    // Attributes are tokens (booleans and numbers typed), usable in outputs and other resources.
    new TerraformOutput(this, "nickname_ok", { value: name.ok });
    new TerraformOutput(this, "nickname_hit_condition", { value: name.hitCondition });
    new TerraformOutput(this, "nickname_audit_stat", { value: renameAudit.auditStatName });
    new TerraformOutput(this, "code_audit_status", { value: release.statusName });
    new TerraformOutput(this, "code_audit_reason_warning", { value: releaseWarn.reason });
    new TerraformOutput(this, "latest_audit_id", { value: latest.auditId });
    new TerraformOutput(this, "audit_quota_rest", { value: quota.rest });
  }
}

const app = new App({ outdir: env.CDKTF_OUTDIR || "cdktf.out" });
new WechatChecksStack(app, "wechat-checks");
app.synth();
