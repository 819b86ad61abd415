# Every wechat data source in both severities. Credentials come from the environment of plan:
# WECHAT_ACCESS_TOKEN, or the platform flow's WECHAT_COMPONENT_* and WECHAT_AUTHORIZER_*.
# Point it at the emulator with WECHAT_API_BASE_URL=http://127.0.0.1:<port> (or var.base_url).

terraform {
  required_version = ">= 1.5"
  required_providers {
    wechat = {
      source = "wxa-audit/wechat"
    }
  }
}

variable "base_url" {
  type        = string
  default     = null
  description = "Where WeChat is; null reads WECHAT_API_BASE_URL, else https://api.weixin.qq.com."
}

variable "nickname_audit_id" {
  type        = number
  description = "The audit_id setNickName returned."
}

variable "code_audit_id" {
  type        = number
  description = "The auditid submitAudit returned."
}

provider "wechat" {
  base_url = var.base_url

  # Optional: fail closed within 20 s per check, retry -1 up to 5 times.
  time_budget_ms     = 20000
  retry_max_attempts = 5
}

# May this name be used? The plan fails on any errcode (53010-53019, ...).
data "wechat_nickname_check" "name" {
  nick_name        = "Quiet Harbor Books"
  on_hit_condition = "warning" # a keyword-policy hit only warns
}

# The same check as a warning: the plan goes on, the outputs still show what WeChat said.
data "wechat_nickname_check" "name_soft" {
  nick_name = "腾讯 Harbor Books"
  severity  = "warning"
}

# The rename audit must have succeeded.
data "wechat_nickname_audit" "rename" {
  audit_id = var.nickname_audit_id
}

# Still in review is fine here; only a failed audit warns.
data "wechat_nickname_audit" "rename_soft" {
  audit_id = var.nickname_audit_id
  expect   = "not_failed"
  severity = "warning"
}

# The release audit must be approved.
data "wechat_code_audit" "release" {
  audit_id = var.code_audit_id
}

# Approved or deferred passes; anything else warns, naming the reason and screenshots.
data "wechat_code_audit" "release_soft" {
  audit_id         = var.code_audit_id
  allowed_statuses = ["approved", "deferred"]
  severity         = "warning"
  time_budget_ms   = 5000
}

# Whatever audit is newest must be approved.
data "wechat_latest_code_audit" "latest" {
  allowed_statuses = ["approved"]
}

data "wechat_latest_code_audit" "latest_soft" {
  allowed_statuses = ["approved", "in_review"]
  severity         = "warning"
}

# At least 3 release audits left this month.
data "wechat_audit_quota" "quota" {
  min_rest = 3
}

data "wechat_audit_quota" "quota_soft" {
  min_rest = 10
  severity = "warning"
}

output "name_ok" {
  value = data.wechat_nickname_check.name.ok
}

output "name_soft_hit_condition" {
  value = data.wechat_nickname_check.name_soft.hit_condition
}

output "rename_state" {
  value = "${data.wechat_nickname_audit.rename.audit_stat_name} (${data.wechat_nickname_audit.rename.audit_stat})"
}

output "rename_soft_message" {
  value = data.wechat_nickname_audit.rename_soft.message
}

output "release_status" {
  value = data.wechat_code_audit.release.status_name
}

output "release_soft_screenshots" {
  value = data.wechat_code_audit.release_soft.screenshots
}

output "latest_audit" {
  value = {
    audit_id     = data.wechat_latest_code_audit.latest.audit_id
    status       = data.wechat_latest_code_audit.latest.status_name
    user_version = data.wechat_latest_code_audit.latest.user_version
  }
}

output "latest_soft_outcome" {
  value = data.wechat_latest_code_audit.latest_soft.outcome
}

output "quota_rest" {
  value = "${data.wechat_audit_quota.quota.rest} of ${data.wechat_audit_quota.quota.limit}"
}

output "quota_soft_ok" {
  value = data.wechat_audit_quota.quota_soft.ok
}
