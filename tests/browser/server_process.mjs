// A server program of ours (turnserver, turnsignal) started for one browser
// test, in the way the integration tests start one
// (tests/integration/server_process.*): its output in a log file of the
// test's, ready once a probe of the caller's says so, and always stopped:
// SIGTERM, SIGKILL after a grace period, SIGKILL too if the test's own
// process dies first.
import {spawn} from 'node:child_process';
import {openSync, readFileSync} from 'node:fs';

// Start-up takes milliseconds; the ASan build and a loaded machine are slower.
const kReadyTimeoutMs = 10000;
const kStopGraceMs = 5000;
const kProbeIntervalMs = 100;  // a refused connect returns at once

// Resolves to {log(), stop()} once probe() resolves to '' (else to why the
// server is not ready yet). name: for messages.
export async function startServerProcess({name, binary, args, logPath, probe}) {
  const out = openSync(logPath, 'a');
  const child = spawn(binary, args, {stdio: ['ignore', out, out]});
  let exited = null;
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(exited = signal ? `signal ${signal}` : `exit code ${code}`));
    child.on('error', (e) => resolve(exited = `not started: ${e.message}`));
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const log = () => readFileSync(logPath, 'utf8');
  // Resolves to how it ended: 'exit code 0' for a clean stop.
  const stop = async () => {
    process.off('exit', killOnExit);
    if (!exited) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), kStopGraceMs);
    const status = await exit;
    clearTimeout(timer);
    return status;
  };

  const deadline = Date.now() + kReadyTimeoutMs;
  let failure = '';
  while (Date.now() < deadline && !exited) {
    failure = await probe();
    if (!failure) return {log, stop};
    await new Promise((resolve) => setTimeout(resolve, kProbeIntervalMs));
  }
  const status = await stop();
  throw new Error(`${name} did not get ready (${failure}; ${status}):\n${log()}`);
}

// What a stopped server's status and log say against it: an unclean stop
// (a crash, a hang until SIGKILL) or a sanitizer report.
export function stopProblems(name, status, log) {
  const problems = [];
  if (status !== 'exit code 0') problems.push(`${name} did not stop cleanly on SIGTERM: ${status}`);
  if (/ERROR: (Address|Leak)Sanitizer|runtime error:/.test(log)) problems.push(`${name} log has a sanitizer report`);
  return problems;
}
