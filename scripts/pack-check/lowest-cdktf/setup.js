require("@wxa-audit/cdktf-provider/testing").setupWxaMatchers();
