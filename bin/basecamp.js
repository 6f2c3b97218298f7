#!/usr/bin/env node
// `npx basecamp ...`: the golden path's editor of platform.yaml (bin/basecamp.ts), started as npm run synth is.
"use strict";
process.argv.splice(2, 0, require("path").join(__dirname, "basecamp.ts"));
require("./launch.js");
