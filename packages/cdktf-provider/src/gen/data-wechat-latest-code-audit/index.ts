// GENERATED FILE: do not edit. `pnpm --filter @wxa-audit/cdktf-provider gen:bindings` writes it
// with @cdktf/provider-generator (what `cdktf get` runs) from the schema of
// @wxa-audit/terraform-provider; test/bindings.test.ts fails when it drifts from that schema.
// https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/latest_code_audit
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface DataWechatLatestCodeAuditConfig extends cdktf.TerraformMetaArguments {
  /**
  * Statuses of the release audit that pass, by name: `"approved"`, `"rejected"`, `"in_review"`, `"withdrawn"`, `"deferred"`. Default `["approved"]`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/latest_code_audit#allowed_statuses DataWechatLatestCodeAudit#allowed_statuses}
  */
  readonly allowedStatuses?: string[];
  /**
  * Timeout of one HTTP exchange with WeChat, in ms (capped by the time budget). Overrides the provider's `request_timeout_ms` for this data source.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/latest_code_audit#request_timeout_ms DataWechatLatestCodeAudit#request_timeout_ms}
  */
  readonly requestTimeoutMs?: number;
  /**
  * First backoff ceiling between attempts, in ms, doubled each retry (full jitter). Overrides the provider's `retry_base_delay_ms` for this data source.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/latest_code_audit#retry_base_delay_ms DataWechatLatestCodeAudit#retry_base_delay_ms}
  */
  readonly retryBaseDelayMs?: number;
  /**
  * Attempts per WeChat call, the first included, when WeChat answers -1 or cannot be reached. Overrides the provider's `retry_max_attempts` for this data source.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/latest_code_audit#retry_max_attempts DataWechatLatestCodeAudit#retry_max_attempts}
  */
  readonly retryMaxAttempts?: number;
  /**
  * What a failed check does: `"error"` (default) fails the plan with an error naming the cause; `"warning"` lets the plan go on with a warning. Either way the attributes stay readable. One of `"error"`, `"warning"`.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/latest_code_audit#severity DataWechatLatestCodeAudit#severity}
  */
  readonly severity?: string;
  /**
  * Total time of one read, in ms: token fetches, retries and waits included. Spent: the read fails closed (`outcome = "budget_spent"`). Overrides the provider's `time_budget_ms` for this data source.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/latest_code_audit#time_budget_ms DataWechatLatestCodeAudit#time_budget_ms}
  */
  readonly timeBudgetMs?: number;
}

/**
* Represents a {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/latest_code_audit wechat_latest_code_audit}
*/
export class DataWechatLatestCodeAudit extends cdktf.TerraformDataSource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "wechat_latest_code_audit";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a DataWechatLatestCodeAudit resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the DataWechatLatestCodeAudit to import
  * @param importFromId The id of the existing DataWechatLatestCodeAudit that should be imported. Refer to the {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/latest_code_audit#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the DataWechatLatestCodeAudit to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "wechat_latest_code_audit", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs/data-sources/latest_code_audit wechat_latest_code_audit} Data Source
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options DataWechatLatestCodeAuditConfig = {}
  */
  public constructor(scope: Construct, id: string, config: DataWechatLatestCodeAuditConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'wechat_latest_code_audit',
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
    this._allowedStatuses = config.allowedStatuses;
    this._requestTimeoutMs = config.requestTimeoutMs;
    this._retryBaseDelayMs = config.retryBaseDelayMs;
    this._retryMaxAttempts = config.retryMaxAttempts;
    this._severity = config.severity;
    this._timeBudgetMs = config.timeBudgetMs;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // allowed_statuses - computed: true, optional: true, required: false
  private _allowedStatuses?: string[]; 
  public get allowedStatuses() {
    return this.getListAttribute('allowed_statuses');
  }
  public set allowedStatuses(value: string[]) {
    this._allowedStatuses = value;
  }
  public resetAllowedStatuses() {
    this._allowedStatuses = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get allowedStatusesInput() {
    return this._allowedStatuses;
  }

  // audit_id - computed: true, optional: false, required: false
  public get auditId() {
    return this.getNumberAttribute('audit_id');
  }

  // category - computed: true, optional: false, required: false
  public get category() {
    return this.getStringAttribute('category');
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

  // meaning - computed: true, optional: false, required: false
  public get meaning() {
    return this.getStringAttribute('meaning');
  }

  // message - computed: true, optional: false, required: false
  public get message() {
    return this.getStringAttribute('message');
  }

  // ok - computed: true, optional: false, required: false
  public get ok() {
    return this.getBooleanAttribute('ok');
  }

  // outcome - computed: true, optional: false, required: false
  public get outcome() {
    return this.getStringAttribute('outcome');
  }

  // reason - computed: true, optional: false, required: false
  public get reason() {
    return this.getStringAttribute('reason');
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

  // screenshot - computed: true, optional: false, required: false
  public get screenshot() {
    return this.getStringAttribute('screenshot');
  }

  // screenshots - computed: true, optional: false, required: false
  public get screenshots() {
    return this.getListAttribute('screenshots');
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

  // status - computed: true, optional: false, required: false
  public get status() {
    return this.getNumberAttribute('status');
  }

  // status_name - computed: true, optional: false, required: false
  public get statusName() {
    return this.getStringAttribute('status_name');
  }

  // submit_audit_time - computed: true, optional: false, required: false
  public get submitAuditTime() {
    return this.getNumberAttribute('submit_audit_time');
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

  // user_desc - computed: true, optional: false, required: false
  public get userDesc() {
    return this.getStringAttribute('user_desc');
  }

  // user_version - computed: true, optional: false, required: false
  public get userVersion() {
    return this.getStringAttribute('user_version');
  }

  // =========
  // SYNTHESIS
  // =========

  protected override synthesizeAttributes(): { [name: string]: any } {
    return {
      allowed_statuses: cdktf.listMapper(cdktf.stringToTerraform, false)(this._allowedStatuses),
      request_timeout_ms: cdktf.numberToTerraform(this._requestTimeoutMs),
      retry_base_delay_ms: cdktf.numberToTerraform(this._retryBaseDelayMs),
      retry_max_attempts: cdktf.numberToTerraform(this._retryMaxAttempts),
      severity: cdktf.stringToTerraform(this._severity),
      time_budget_ms: cdktf.numberToTerraform(this._timeBudgetMs),
    };
  }

  protected override synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      allowed_statuses: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._allowedStatuses),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
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
