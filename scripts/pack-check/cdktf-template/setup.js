// The template's setup.js, plus this package's matchers (as its README says).
const cdktf = require("cdktf");
cdktf.Testing.setupJest();
require("@wxa-audit/cdktf-provider/testing").setupWxaMatchers();
