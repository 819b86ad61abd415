# bench:plan — n WeChat nickname checks through our provider (from its release zips).
terraform {
  required_providers {
    wechat = { source = "wxa-audit/wechat" }
  }
}
variable "n" {
  type = number
}
provider "wechat" {
  time_budget_ms = 30000
}
data "wechat_nickname_check" "name" {
  count     = var.n
  nick_name = "Quiet Harbor ${count.index}"
}
output "checks" {
  value = length(data.wechat_nickname_check.name)
}
