# Scenario 9: n nickname checks through one provider configuration.
variable "n" {
  type = number
}

data "wechat_nickname_check" "name" {
  count     = var.n
  nick_name = "Quiet Harbor ${count.index}"
}

output "checks" {
  value = length(data.wechat_nickname_check.name)
}
