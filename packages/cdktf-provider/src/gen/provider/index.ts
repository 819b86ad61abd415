// GENERATED FILE: do not edit. `pnpm --filter @wxa-audit/cdktf-provider gen:bindings` writes it
// with @cdktf/provider-generator (what `cdktf get` runs) from the schema of
// @wxa-audit/terraform-provider; test/bindings.test.ts fails when it drifts from that schema.
// https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface WechatProviderConfig {
  /**
  * A ready access token (for a third-party platform, the authorizer access token). Default: the environment variable `WECHAT_ACCESS_TOKEN` (renamed by `env_names.access_token`). Prefer the environment: a value written in configuration is kept in plan files.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#access_token WechatProvider#access_token}
  */
  readonly accessToken?: string;
  /**
  * Platform flow: the mini program's appid. Default: the environment variable `WECHAT_AUTHORIZER_APPID` (renamed by `env_names.authorizer_appid`).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#authorizer_appid WechatProvider#authorizer_appid}
  */
  readonly authorizerAppid?: string;
  /**
  * Platform flow: the mini program's authorizer refresh token. Default: the environment variable `WECHAT_AUTHORIZER_REFRESH_TOKEN` (renamed by `env_names.authorizer_refresh_token`). Prefer the environment: a value written in configuration is kept in plan files.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#authorizer_refresh_token WechatProvider#authorizer_refresh_token}
  */
  readonly authorizerRefreshToken?: string;
  /**
  * Where WeChat is: `https://api.weixin.qq.com` unless `WECHAT_API_BASE_URL` says otherwise (point CI at the emulator). An http(s) URL without credentials or query string: it shows in plan output.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#base_url WechatProvider#base_url}
  */
  readonly baseUrl?: string;
  /**
  * Platform flow: the third-party platform's appid. Default: the environment variable `WECHAT_COMPONENT_APPID` (renamed by `env_names.component_appid`).
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#component_appid WechatProvider#component_appid}
  */
  readonly componentAppid?: string;
  /**
  * Platform flow: the third-party platform's AppSecret. Default: the environment variable `WECHAT_COMPONENT_APPSECRET` (renamed by `env_names.component_appsecret`). Prefer the environment: a value written in configuration is kept in plan files.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#component_appsecret WechatProvider#component_appsecret}
  */
  readonly componentAppsecret?: string;
  /**
  * Platform flow: the latest `component_verify_ticket` WeChat pushed. Default: the environment variable `WECHAT_COMPONENT_VERIFY_TICKET` (renamed by `env_names.component_verify_ticket`). Prefer the environment: a value written in configuration is kept in plan files.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#component_verify_ticket WechatProvider#component_verify_ticket}
  */
  readonly componentVerifyTicket?: string;
  /**
  * Names of the environment variables the credentials are read from, where yours differ from the defaults. Keys: `access_token`, `component_appid`, `component_appsecret`, `component_verify_ticket`, `authorizer_appid`, `authorizer_refresh_token`. Only names travel in configuration, never values.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#env_names WechatProvider#env_names}
  */
  readonly envNames?: { [key: string]: string };
  /**
  * Timeout of one HTTP exchange with WeChat, in ms (capped by the time budget). Default 10000; a data source may override it.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#request_timeout_ms WechatProvider#request_timeout_ms}
  */
  readonly requestTimeoutMs?: number;
  /**
  * First backoff ceiling between attempts, in ms, doubled each retry (full jitter). Default 1000. Default 1000; a data source may override it.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#retry_base_delay_ms WechatProvider#retry_base_delay_ms}
  */
  readonly retryBaseDelayMs?: number;
  /**
  * Attempts per WeChat call, the first included, when WeChat answers -1 or cannot be reached. Default 5. Default 5; a data source may override it.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#retry_max_attempts WechatProvider#retry_max_attempts}
  */
  readonly retryMaxAttempts?: number;
  /**
  * Total time of one read, in ms: token fetches, retries and waits included. Spent: the read fails closed (`outcome = "budget_spent"`). Default 30000; a data source may override it.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#time_budget_ms WechatProvider#time_budget_ms}
  */
  readonly timeBudgetMs?: number;
  /**
  * Alias name
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#alias WechatProvider#alias}
  */
  readonly alias?: string;
}

/**
* Represents a {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs wechat}
*/
export class WechatProvider extends cdktf.TerraformProvider {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "wechat";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a WechatProvider resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the WechatProvider to import
  * @param importFromId The id of the existing WechatProvider that should be imported. Refer to the {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the WechatProvider to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "wechat", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/wxa-audit/wechat/latest/docs wechat} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options WechatProviderConfig = {}
  */
  public constructor(scope: Construct, id: string, config: WechatProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'wechat',
      terraformGeneratorMetadata: {
        providerName: 'wechat',
        providerVersionConstraint: '~> 0.1'
      },
      terraformProviderSource: 'wxa-audit/wechat'
    });
    this._accessToken = config.accessToken;
    this._authorizerAppid = config.authorizerAppid;
    this._authorizerRefreshToken = config.authorizerRefreshToken;
    this._baseUrl = config.baseUrl;
    this._componentAppid = config.componentAppid;
    this._componentAppsecret = config.componentAppsecret;
    this._componentVerifyTicket = config.componentVerifyTicket;
    this._envNames = config.envNames;
    this._requestTimeoutMs = config.requestTimeoutMs;
    this._retryBaseDelayMs = config.retryBaseDelayMs;
    this._retryMaxAttempts = config.retryMaxAttempts;
    this._timeBudgetMs = config.timeBudgetMs;
    this._alias = config.alias;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // access_token - computed: false, optional: true, required: false
  private _accessToken?: string; 
  public get accessToken() {
    return this._accessToken;
  }
  public set accessToken(value: string | undefined) {
    this._accessToken = value;
  }
  public resetAccessToken() {
    this._accessToken = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get accessTokenInput() {
    return this._accessToken;
  }

  // authorizer_appid - computed: false, optional: true, required: false
  private _authorizerAppid?: string; 
  public get authorizerAppid() {
    return this._authorizerAppid;
  }
  public set authorizerAppid(value: string | undefined) {
    this._authorizerAppid = value;
  }
  public resetAuthorizerAppid() {
    this._authorizerAppid = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get authorizerAppidInput() {
    return this._authorizerAppid;
  }

  // authorizer_refresh_token - computed: false, optional: true, required: false
  private _authorizerRefreshToken?: string; 
  public get authorizerRefreshToken() {
    return this._authorizerRefreshToken;
  }
  public set authorizerRefreshToken(value: string | undefined) {
    this._authorizerRefreshToken = value;
  }
  public resetAuthorizerRefreshToken() {
    this._authorizerRefreshToken = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get authorizerRefreshTokenInput() {
    return this._authorizerRefreshToken;
  }

  // base_url - computed: false, optional: true, required: false
  private _baseUrl?: string; 
  public get baseUrl() {
    return this._baseUrl;
  }
  public set baseUrl(value: string | undefined) {
    this._baseUrl = value;
  }
  public resetBaseUrl() {
    this._baseUrl = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get baseUrlInput() {
    return this._baseUrl;
  }

  // component_appid - computed: false, optional: true, required: false
  private _componentAppid?: string; 
  public get componentAppid() {
    return this._componentAppid;
  }
  public set componentAppid(value: string | undefined) {
    this._componentAppid = value;
  }
  public resetComponentAppid() {
    this._componentAppid = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get componentAppidInput() {
    return this._componentAppid;
  }

  // component_appsecret - computed: false, optional: true, required: false
  private _componentAppsecret?: string; 
  public get componentAppsecret() {
    return this._componentAppsecret;
  }
  public set componentAppsecret(value: string | undefined) {
    this._componentAppsecret = value;
  }
  public resetComponentAppsecret() {
    this._componentAppsecret = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get componentAppsecretInput() {
    return this._componentAppsecret;
  }

  // component_verify_ticket - computed: false, optional: true, required: false
  private _componentVerifyTicket?: string; 
  public get componentVerifyTicket() {
    return this._componentVerifyTicket;
  }
  public set componentVerifyTicket(value: string | undefined) {
    this._componentVerifyTicket = value;
  }
  public resetComponentVerifyTicket() {
    this._componentVerifyTicket = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get componentVerifyTicketInput() {
    return this._componentVerifyTicket;
  }

  // env_names - computed: false, optional: true, required: false
  private _envNames?: { [key: string]: string }; 
  public get envNames() {
    return this._envNames;
  }
  public set envNames(value: { [key: string]: string } | undefined) {
    this._envNames = value;
  }
  public resetEnvNames() {
    this._envNames = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get envNamesInput() {
    return this._envNames;
  }

  // request_timeout_ms - computed: false, optional: true, required: false
  private _requestTimeoutMs?: number; 
  public get requestTimeoutMs() {
    return this._requestTimeoutMs;
  }
  public set requestTimeoutMs(value: number | undefined) {
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
    return this._retryBaseDelayMs;
  }
  public set retryBaseDelayMs(value: number | undefined) {
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
    return this._retryMaxAttempts;
  }
  public set retryMaxAttempts(value: number | undefined) {
    this._retryMaxAttempts = value;
  }
  public resetRetryMaxAttempts() {
    this._retryMaxAttempts = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get retryMaxAttemptsInput() {
    return this._retryMaxAttempts;
  }

  // time_budget_ms - computed: false, optional: true, required: false
  private _timeBudgetMs?: number; 
  public get timeBudgetMs() {
    return this._timeBudgetMs;
  }
  public set timeBudgetMs(value: number | undefined) {
    this._timeBudgetMs = value;
  }
  public resetTimeBudgetMs() {
    this._timeBudgetMs = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get timeBudgetMsInput() {
    return this._timeBudgetMs;
  }

  // alias - computed: false, optional: true, required: false
  private _alias?: string; 
  public override get alias() {
    return this._alias;
  }
  public override set alias(value: string | undefined) {
    this._alias = value;
  }
  public resetAlias() {
    this._alias = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get aliasInput() {
    return this._alias;
  }

  // =========
  // SYNTHESIS
  // =========

  protected override synthesizeAttributes(): { [name: string]: any } {
    return {
      access_token: cdktf.stringToTerraform(this._accessToken),
      authorizer_appid: cdktf.stringToTerraform(this._authorizerAppid),
      authorizer_refresh_token: cdktf.stringToTerraform(this._authorizerRefreshToken),
      base_url: cdktf.stringToTerraform(this._baseUrl),
      component_appid: cdktf.stringToTerraform(this._componentAppid),
      component_appsecret: cdktf.stringToTerraform(this._componentAppsecret),
      component_verify_ticket: cdktf.stringToTerraform(this._componentVerifyTicket),
      env_names: cdktf.hashMapper(cdktf.stringToTerraform)(this._envNames),
      request_timeout_ms: cdktf.numberToTerraform(this._requestTimeoutMs),
      retry_base_delay_ms: cdktf.numberToTerraform(this._retryBaseDelayMs),
      retry_max_attempts: cdktf.numberToTerraform(this._retryMaxAttempts),
      time_budget_ms: cdktf.numberToTerraform(this._timeBudgetMs),
      alias: cdktf.stringToTerraform(this._alias),
    };
  }

  protected override synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      access_token: {
        value: cdktf.stringToHclTerraform(this._accessToken),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      authorizer_appid: {
        value: cdktf.stringToHclTerraform(this._authorizerAppid),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      authorizer_refresh_token: {
        value: cdktf.stringToHclTerraform(this._authorizerRefreshToken),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      base_url: {
        value: cdktf.stringToHclTerraform(this._baseUrl),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      component_appid: {
        value: cdktf.stringToHclTerraform(this._componentAppid),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      component_appsecret: {
        value: cdktf.stringToHclTerraform(this._componentAppsecret),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      component_verify_ticket: {
        value: cdktf.stringToHclTerraform(this._componentVerifyTicket),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      env_names: {
        value: cdktf.hashMapperHcl(cdktf.stringToHclTerraform)(this._envNames),
        isBlock: false,
        type: "map",
        storageClassType: "stringMap",
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
      time_budget_ms: {
        value: cdktf.numberToHclTerraform(this._timeBudgetMs),
        isBlock: false,
        type: "simple",
        storageClassType: "number",
      },
      alias: {
        value: cdktf.stringToHclTerraform(this._alias),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
