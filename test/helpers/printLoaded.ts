// Preloaded with `node -r` by a CLI test: prints the files the run loaded as JSON on stderr at exit.
process.on('exit', () => process.stderr.write(`\nloaded: ${JSON.stringify(Object.keys(require.cache))}\n`));
