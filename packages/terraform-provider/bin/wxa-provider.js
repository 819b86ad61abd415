#!/usr/bin/env node
// `npx @wxa-audit/terraform-provider install`: see dist/install/cli.js (src/install/cli.ts).
import { main } from "../dist/install/cli.js";

process.exitCode = main(process.argv.slice(2));
