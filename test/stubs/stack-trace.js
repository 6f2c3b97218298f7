// cdktf captures a full stack trace for every token it creates, only to print it if the token later fails to
// resolve: a tenth of a render, more under jest's deep stacks. The tests render hundreds of times; the bundled
// synth leaves it out too (bin/launch.js). `npm run synth -- --debug` runs the sources with it.
"use strict";
exports.captureStackTrace = () => [];
