# Scenario 5: a rename's audit, expected to have succeeded.
variable "audit_id" {
  type = number
}
variable "severity" {
  type = string
}

data "wechat_nickname_audit" "rename" {
  audit_id = var.audit_id
  expect   = "succeeded"
  severity = var.severity
}

output "audit_stat_name" {
  value = data.wechat_nickname_audit.rename.audit_stat_name
}
output "nickname" {
  value = data.wechat_nickname_audit.rename.nickname
}
