# `validate` rejects a bad base URL in the provider configuration, naming base_url.
provider "wechat" {
  alias    = "bad_url"
  base_url = "not a url"
}

data "wechat_nickname_check" "name" {
  provider  = wechat.bad_url
  nick_name = "Quiet Harbor Books"
}
