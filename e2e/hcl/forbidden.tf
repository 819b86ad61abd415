# Scenario 2: a forbidden word (errcode 53012), error severity (the default): the plan fails.
data "wechat_nickname_check" "name" {
  nick_name = "Lucky Casino"
}
