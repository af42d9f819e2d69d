// The frame both browser test entries share: a scratch directory removed on
// exit, one FAIL line per problem or a PASS line with the time taken, the
// exit code, and a backstop deadline behind every inner timeout (exiting runs
// the 'exit' hooks, which stop the servers and remove what the test made).

import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

// `prepare()` parses arguments and may return an exit code to end early
// (77: skipped); otherwise `run(scratch)` returns a list of problems.
export function runTestMain({deadlineMs, scratchPrefix, passed, prepare = () => undefined, run}) {
  setTimeout(() => {
    console.error(`FAIL: no result within ${deadlineMs} ms`);
    process.exit(1);
  }, deadlineMs).unref();
  const main = async () => {
    const early = await prepare();
    if (early !== undefined) return early;
    const scratch = mkdtempSync(join(tmpdir(), scratchPrefix));
    process.on('exit', () => rmSync(scratch, {recursive: true, force: true}));
    const started = Date.now();
    const problems = await run(scratch);
    for (const p of problems) console.error(`FAIL: ${p}`);
    if (!problems.length) console.log(`PASS: ${passed()} in ${Date.now() - started} ms`);
    return problems.length ? 1 : 0;
  };
  main().then((code) => process.exit(code), (e) => {
    console.error(`FAIL: ${e.stack ?? e}`);
    process.exit(1);
  });
}
