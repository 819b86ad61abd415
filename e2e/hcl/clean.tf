# Scenario 1 (and 7, with WECHAT_API_BASE_URL pointing at a closed port): a clean name.
data "wechat_nickname_check" "name" {
  nick_name = "Quiet Harbor Books"
}

output "ok" {
  value = data.wechat_nickname_check.name.ok
}
output "outcome" {
  value = data.wechat_nickname_check.name.outcome
}
output "errcode" {
  value = data.wechat_nickname_check.name.errcode
}
output "hit_condition" {
  value = data.wechat_nickname_check.name.hit_condition
}
output "message" {
  value = data.wechat_nickname_check.name.message
}
