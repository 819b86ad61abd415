# Scenario 8: checks that pass only with the right credentials (given in the environment), and
# warning-severity failures, so diagnostics are printed too.
data "wechat_nickname_check" "ok" {
  nick_name = var.clean_name
}

data "wechat_nickname_check" "warn" {
  nick_name = var.forbidden_name
  severity  = "warning"
}

variable "clean_name" {
  type = string
}
variable "forbidden_name" {
  type = string
}

output "flow_ok" {
  value = data.wechat_nickname_check.ok.ok
}
output "message" {
  value = data.wechat_nickname_check.ok.message
}
