# bench:plan floor — n GET reads of /wxa/queryquota on the emulator with hashicorp/http 1.2.0
# (a Go provider doing one plain HTTP request per read).
terraform {
  required_providers {
    http = { source = "hashicorp/http", version = "1.2.0" }
  }
}
variable "n" {
  type = number
}
variable "url" {
  type = string
}
data "http" "quota" {
  count = var.n
  url   = var.url
}
output "checks" {
  value = length(data.http.quota)
}
