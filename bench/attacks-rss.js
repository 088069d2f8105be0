// Preloaded by bench/attacks.js into each CLI process: prints the peak resident set size at exit.
'use strict';
process.on('exit', () => process.stderr.write(`INCIDENTMAP_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`));
