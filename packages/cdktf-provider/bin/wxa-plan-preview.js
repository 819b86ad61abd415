#!/usr/bin/env node
import "../dist/plan-preview-cli.js";
