# Scenario 3: a keyword-policy name (hit_condition), on_hit_condition = "warning": the plan goes on.
data "wechat_nickname_check" "name" {
  nick_name        = "Tencent Weather"
  on_hit_condition = "warning"
}

output "hit_condition" {
  value = data.wechat_nickname_check.name.hit_condition
}
output "wording" {
  value = data.wechat_nickname_check.name.wording
}
