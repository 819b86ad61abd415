// GENERATED FILE: do not edit. `pnpm --filter @wxa-audit/cdktf-provider gen:bindings` writes it
// with @cdktf/provider-generator (what `cdktf get` runs) from the schema of
// @wxa-audit/terraform-provider; test/bindings.test.ts fails when it drifts from that schema.
// https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/nickname_audit
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DataWechatNicknameAuditConfig extends cdktf.TerraformMetaArguments {
  /**
  * The `audit_id` setNickName returned.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/nickname_audit#audit_id DataWechatNicknameAudit#audit_id}
  */
  readonly auditId: number;
  /**
  * What passes: `"succeeded"` (default) only a succeeded audit; `"not_failed"` also one still in review; `"any"` any answer (only errcodes and an unreachable WeChat fail).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/nickname_audit#expect DataWechatNicknameAudit#expect}
  */
  readonly expect?: string;
  /**
  * Timeout of one HTTP exchange with WeChat, in ms (capped by the time budget). Overrides the provider's `request_timeout_ms` for this data source.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/nickname_audit#request_timeout_ms DataWechatNicknameAudit#request_timeout_ms}
  */
  readonly requestTimeoutMs?: number;
  /**
  * First backoff ceiling between attempts, in ms, doubled each retry (full jitter). Overrides the provider's `retry_base_delay_ms` for this data source.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/nickname_audit#retry_base_delay_ms DataWechatNicknameAudit#retry_base_delay_ms}
  */
  readonly retryBaseDelayMs?: number;
  /**
  * Attempts per WeChat call, the first included, when WeChat answers -1 or cannot be reached. Overrides the provider's `retry_max_attempts` for this data source.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/nickname_audit#retry_max_attempts DataWechatNicknameAudit#retry_max_attempts}
  */
  readonly retryMaxAttempts?: number;
  /**
  * What a failed check does: `"error"` (default) fails the plan with an error naming the cause; `"warning"` lets the plan go on with a warning. Either way the attributes stay readable. One of `"error"`, `"warning"`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/nickname_audit#severity DataWechatNicknameAudit#severity}
  */
  readonly severity?: string;
  /**
  * Total time of one read, in ms: token fetches, retries and waits included. Spent: the read fails closed (`outcome = "budget_spent"`). Overrides the provider's `time_budget_ms` for this data source.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/nickname_audit#time_budget_ms DataWechatNicknameAudit#time_budget_ms}
  */
  readonly timeBudgetMs?: number;
}

/**
* Represents a {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/nickname_audit wechat_nickname_audit}
*/
export class DataWechatNicknameAudit extends cdktf.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "wechat_nickname_audit";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a DataWechatNicknameAudit resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataWechatNicknameAudit to import
  * @param importFromId The id of the existing DataWechatNicknameAudit that should be imported. Refer to the {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/nickname_audit#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataWechatNicknameAudit to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "wechat_nickname_audit", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/nickname_audit wechat_nickname_audit} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataWechatNicknameAuditConfig
  */
  public constructor(scope: Construct, id: string, config: DataWechatNicknameAuditConfig) {
    super(scope, id, {
      terraformResourceType: 'wechat_nickname_audit',
      terraformGeneratorMetadata: {
        providerName: 'wechat',
        providerVersionConstraint: '~> 0.1'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._auditId = config.auditId;
    this._expect = config.expect;
    this._requestTimeoutMs = config.requestTimeoutMs;
    this._retryBaseDelayMs = config.retryBaseDelayMs;
    this._retryMaxAttempts = config.retryMaxAttempts;
    this._severity = config.severity;
    this._timeBudgetMs = config.timeBudgetMs;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // audit_id - computed: false, optional: false, required: true
  private _auditId?: number; 
  public get auditId() {
    return this.getNumberAttribute('audit_id');
  }
  public set auditId(value: number) {
    this._auditId = value;
  }
  // Temporarily expose input value. Use with caution.
  public get auditIdInput() {
    return this._auditId;
  }

  // audit_stat - computed: true, optional: false, required: false
  public get auditStat() {
    return this.getNumberAttribute('audit_stat');
  }

  // audit_stat_name - computed: true, optional: false, required: false
  public get auditStatName() {
    return this.getStringAttribute('audit_stat_name');
  }

  // audit_time - computed: true, optional: false, required: false
  public get auditTime() {
    return this.getNumberAttribute('audit_time');
  }

  // category - computed: true, optional: false, required: false
  public get category() {
    return this.getStringAttribute('category');
  }

  // create_time - computed: true, optional: false, required: false
  public get createTime() {
    return this.getNumberAttribute('create_time');
  }

  // endpoint - computed: true, optional: false, required: false
  public get endpoint() {
    return this.getStringAttribute('endpoint');
  }

  // errcode - computed: true, optional: false, required: false
  public get errcode() {
    return this.getNumberAttribute('errcode');
  }

  // errmsg - computed: true, optional: false, required: false
  public get errmsg() {
    return this.getStringAttribute('errmsg');
  }

  // expect - computed: true, optional: true, required: false
  private _expect?: string; 
  public get expect() {
    return this.getStringAttribute('expect');
  }
  public set expect(value: string) {
    this._expect = value;
  }
  public resetExpect() {
    this._expect = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get expectInput() {
    return this._expect;
  }

  // fail_reason - computed: true, optional: false, required: false
  public get failReason() {
    return this.getStringAttribute('fail_reason');
  }

  // meaning - computed: true, optional: false, required: false
  public get meaning() {
    return this.getStringAttribute('meaning');
  }

  // message - computed: true, optional: false, required: false
  public get message() {
    return this.getStringAttribute('message');
  }

  // nickname - computed: true, optional: false, required: false
  public get nickname() {
    return this.getStringAttribute('nickname');
  }

  // ok - computed: true, optional: false, required: false
  public get ok() {
    return this.getBooleanAttribute('ok');
  }

  // outcome - computed: true, optional: false, required: false
  public get outcome() {
    return this.getStringAttribute('outcome');
  }

  // request_timeout_ms - computed: false, optional: true, required: false
  private _requestTimeoutMs?: number; 
  public get requestTimeoutMs() {
    return this.getNumberAttribute('request_timeout_ms');
  }
  public set requestTimeoutMs(value: number) {
    this._requestTimeoutMs = value;
  }
  public resetRequestTimeoutMs() {
    this._requestTimeoutMs = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get requestTimeoutMsInput() {
    return this._requestTimeoutMs;
  }

  // retry_base_delay_ms - computed: false, optional: true, required: false
  private _retryBaseDelayMs?: number; 
  public get retryBaseDelayMs() {
    return this.getNumberAttribute('retry_base_delay_ms');
  }
  public set retryBaseDelayMs(value: number) {
    this._retryBaseDelayMs = value;
  }
  public resetRetryBaseDelayMs() {
    this._retryBaseDelayMs = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get retryBaseDelayMsInput() {
    return this._retryBaseDelayMs;
  }

  // retry_max_attempts - computed: false, optional: true, required: false
  private _retryMaxAttempts?: number; 
  public get retryMaxAttempts() {
    return this.getNumberAttribute('retry_max_attempts');
  }
  public set retryMaxAttempts(value: number) {
    this._retryMaxAttempts = value;
  }
  public resetRetryMaxAttempts() {
    this._retryMaxAttempts = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get retryMaxAttemptsInput() {
    return this._retryMaxAttempts;
  }

  // rid - computed: true, optional: false, required: false
  public get rid() {
    return this.getStringAttribute('rid');
  }

  // severity - computed: true, optional: true, required: false
  private _severity?: string; 
  public get severity() {
    return this.getStringAttribute('severity');
  }
  public set severity(value: string) {
    this._severity = value;
  }
  public resetSeverity() {
    this._severity = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get severityInput() {
    return this._severity;
  }

  // time_budget_ms - computed: false, optional: true, required: false
  private _timeBudgetMs?: number; 
  public get timeBudgetMs() {
    return this.getNumberAttribute('time_budget_ms');
  }
  public set timeBudgetMs(value: number) {
    this._timeBudgetMs = value;
  }
  public resetTimeBudgetMs() {
    this._timeBudgetMs = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get timeBudgetMsInput() {
    return this._timeBudgetMs;
  }

  // =========
  // SYNTHESIS
  // =========

  protected override synthesizeAttributes(): { [name: string]: any } {
    return {
      audit_id: cdktf.numberToTerraform(this._auditId),
      expect: cdktf.stringToTerraform(this._expect),
      request_timeout_ms: cdktf.numberToTerraform(this._requestTimeoutMs),
      retry_base_delay_ms: cdktf.numberToTerraform(this._retryBaseDelayMs),
      retry_max_attempts: cdktf.numberToTerraform(this._retryMaxAttempts),
      severity: cdktf.stringToTerraform(this._severity),
      time_budget_ms: cdktf.numberToTerraform(this._timeBudgetMs),
    };
  }

  protected override synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      audit_id: {
        value: cdktf.numberToHclTerraform(this._auditId),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      expect: {
        value: cdktf.stringToHclTerraform(this._expect),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      request_timeout_ms: {
        value: cdktf.numberToHclTerraform(this._requestTimeoutMs),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      retry_base_delay_ms: {
        value: cdktf.numberToHclTerraform(this._retryBaseDelayMs),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      retry_max_attempts: {
        value: cdktf.numberToHclTerraform(this._retryMaxAttempts),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      severity: {
        value: cdktf.stringToHclTerraform(this._severity),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      time_budget_ms: {
        value: cdktf.numberToHclTerraform(this._timeBudgetMs),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
