// Our turnserver, started for one browser test in the way the integration
// tests start it (tests/integration/server_process.*): loopback only, ports
// the test chose, a config file and a log of its own, ready once it answers a
// Binding request on the transport under test, and always stopped.
import {spawn} from 'node:child_process';
import {createSocket} from 'node:dgram';
import {openSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {stunProbe} from './stun_probe.mjs';

export const realm = 'browser.test';
export const username = 'browser';
export const credential = 'browser-password';

// Start-up takes milliseconds; the ASan build and a loaded machine are slower.
const kReadyTimeoutMs = 10000;
const kStopGraceMs = 5000;

const bindUdp = (port) => new Promise((resolve, reject) => {
  const s = createSocket('udp4');
  s.once('error', reject);
  s.bind(port, '127.0.0.1', () => resolve(s));
});
const closeUdp = (s) => new Promise((resolve) => s.close(resolve));
const tcpFree = (port) => new Promise((resolve) => {
  const s = createServer();
  s.once('error', () => resolve(false));
  s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
});

// A port free for both UDP and TCP a moment ago: the kernel picks a UDP one,
// and a TCP listener (for turn:...?transport=tcp) needs the same number.
async function freePort() {
  for (let attempt = 0; attempt < 20; ++attempt) {
    const s = await bindUdp(0);
    const port = s.address().port;
    const free = await tcpFree(port);
    await closeUdp(s);
    if (free) return port;
  }
  throw new Error('no port free for both UDP and TCP on 127.0.0.1');
}

// `count` (at most 64) consecutive free UDP ports for relays, in a block of
// [10000, 32000), below the ephemeral range, chosen by pid and skipping
// blocks where other programs hold ports (as tests/integration/ports.cpp).
async function relayPortRange(count) {
  const blocks = Math.floor((32000 - 10000) / 64);
  for (let b = 0; b < blocks; ++b) {
    const base = 10000 + ((process.pid + b) % blocks) * 64;
    const held = [];
    try {
      for (let p = base; p < base + count; ++p) held.push(await bindUdp(p));
      return [base, base + count - 1];
    } catch {
      // taken by some other program: try the next block
    } finally {
      await Promise.all(held.map(closeUdp));
    }
  }
  throw new Error(`no ${count} consecutive free UDP ports in [10000, 32000)`);
}

// The config lines that make `transport` listen on `port`: coturn's options.
// For TLS the plain listener gets a port of its own too, or it would take
// the default 3478 (which a system coturn may hold).
async function listenerLines(transport, port, tls) {
  switch (transport) {
    case 'udp':
    case 'tcp': return [`listening-port=${port}`];  // UDP and TCP share the port, as in coturn
    case 'tls': return [`listening-port=${await freePort()}`, `tls-listening-port=${port}`,
                        `cert=${tls.cert}`, `pkey=${tls.key}`];
  }
  throw new Error(`unknown transport '${transport}'`);
}

// Resolves to a running server: {port, relayPorts, log(), stop()}.
// dir: a scratch directory for the config and log; tls: {cert, key, caPem}.
export async function startTurnServer({binary, transport, dir, tls}) {
  const port = await freePort();
  const relayPorts = await relayPortRange(16);
  const config = join(dir, 'turnserver.conf');
  const logPath = join(dir, 'turnserver.log');
  writeFileSync(config, [
    'listening-ip=127.0.0.1', ...await listenerLines(transport, port, tls),
    'relay-ip=127.0.0.1', `min-port=${relayPorts[0]}`, `max-port=${relayPorts[1]}`,
    // Two threads, so the two allocations of a call may live on different ones.
    'relay-threads=2',
    'lt-cred-mech', `realm=${realm}`, `user=${username}:${credential}`,
    // Both browser peers are relay addresses on 127.0.0.1.
    'allow-loopback-peers',
    'log-file=stdout',
  ].join('\n') + '\n');

  const out = openSync(logPath, 'a');
  const child = spawn(binary, ['-c', config], {stdio: ['ignore', out, out]});
  let exited = null;
  const exit = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(exited = signal ? `signal ${signal}` : `exit code ${code}`));
    child.on('error', (e) => resolve(exited = `not started: ${e.message}`));
  });
  // If this process dies first, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const log = () => readFileSync(logPath, 'utf8');
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
    failure = await stunProbe(transport, '127.0.0.1', port, {ca: tls?.caPem});
    if (!failure) return {port, relayPorts, log, stop};
    await new Promise((resolve) => setTimeout(resolve, 100));  // a refused connect returns at once
  }
  const status = await stop();
  throw new Error(`turnserver did not answer over ${transport} on port ${port} (${failure}; ${status}):\n${log()}`);
}
