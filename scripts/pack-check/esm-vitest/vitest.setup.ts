import { setupWxaMatchers } from "@wxa-audit/cdktf-provider/testing";

setupWxaMatchers();
