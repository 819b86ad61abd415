# `validate` catches each bad input offline, naming the attribute (no WeChat call is made).
data "wechat_nickname_check" "empty_name" {
  nick_name = ""
}

data "wechat_nickname_check" "bad_severity" {
  nick_name = "Quiet Harbor Books"
  severity  = "fatal"
}

data "wechat_code_audit" "non_positive_id" {
  audit_id = 0
}

data "wechat_code_audit" "bad_status" {
  audit_id         = 1234567
  allowed_statuses = ["approved", "published"]
}

data "wechat_nickname_audit" "non_numeric_id" {
  audit_id = "abc"
  expect   = "succeeded"
}
