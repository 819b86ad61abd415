#!/usr/bin/env node
// The provider executable from an npm install: runs the self-contained bundle, the same file the
// engines' plugin directories get (dist/bundle/terraform-provider-wechat.cjs). Built by `build`.
import { createRequire } from "node:module";

createRequire(import.meta.url)("../dist/bundle/terraform-provider-wechat.cjs");
