# Scenarios 4 and 6: a code release audit, expected approved.
variable "audit_id" {
  type = number
}
variable "severity" {
  type    = string
  default = "error"
}

data "wechat_code_audit" "release" {
  audit_id         = var.audit_id
  allowed_statuses = ["approved"]
  severity         = var.severity
}

output "status_name" {
  value = data.wechat_code_audit.release.status_name
}
