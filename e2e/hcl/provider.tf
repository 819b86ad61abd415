# Copied next to each scenario's main.tf by the harness. Where the checks go and as whom comes
# from the environment (WECHAT_API_BASE_URL, WECHAT_ACCESS_TOKEN or the platform flow's
# WECHAT_COMPONENT_* / WECHAT_AUTHORIZER_*), as it would in CI: no secret in a .tf file.
terraform {
  required_providers {
    wechat = {
      source  = "wxa-audit/wechat"
      version = ">= 0.1.0"
    }
  }
}

# Short budgets and backoffs, so failing checks fail fast.
provider "wechat" {
  time_budget_ms      = 5000
  retry_max_attempts  = 3
  retry_base_delay_ms = 10
}
