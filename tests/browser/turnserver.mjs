// Our turnserver, started for one browser test (server_process.mjs): one
// address (loopback unless told), ports the test chose, a config file and a
// log of its own, ready once it answers a Binding request on the transport
// under test.
import {createSocket} from 'node:dgram';
import {writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {join} from 'node:path';
import {startServerProcess} from './server_process.mjs';
import {stunProbe} from './stun_probe.mjs';

export const realm = 'browser.test';
export const username = 'browser';
export const credential = 'browser-password';

const bindUdp = (port, host) => new Promise((resolve, reject) => {
  const s = createSocket('udp4');
  s.once('error', reject);
  s.bind(port, host, () => resolve(s));
});
const closeUdp = (s) => new Promise((resolve) => s.close(resolve));
const tcpFree = (port, host) => new Promise((resolve) => {
  const s = createServer();
  s.once('error', () => resolve(false));
  s.listen(port, host, () => s.close(() => resolve(true)));
});

// A port on `host` free for both UDP and TCP a moment ago: the kernel picks
// a UDP one, and a TCP listener (for turn:...?transport=tcp) needs the same
// number.
export async function freePort(host = '127.0.0.1') {
  for (let attempt = 0; attempt < 20; ++attempt) {
    const s = await bindUdp(0, host);
    const port = s.address().port;
    const free = await tcpFree(port, host);
    await closeUdp(s);
    if (free) return port;
  }
  throw new Error(`no port free for both UDP and TCP on ${host}`);
}

// `count` (at most 64) consecutive free UDP ports for relays, in a block of
// [10000, 32000), below the ephemeral range, chosen by pid and skipping
// blocks where other programs hold ports (as tests/integration/ports.cpp).
async function relayPortRange(count, host) {
  const blocks = Math.floor((32000 - 10000) / 64);
  for (let b = 0; b < blocks; ++b) {
    const base = 10000 + ((process.pid + b) % blocks) * 64;
    const held = [];
    try {
      for (let p = base; p < base + count; ++p) held.push(await bindUdp(p, host));
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
// The other listener gets a port of its own too, or it would take the
// default 3478 or 5349 (which a system coturn or another test may hold):
// turnserver opens the TLS port as plain TCP even with no-tls.
async function listenerLines(transport, port, host, tls) {
  switch (transport) {
    case 'udp':
    case 'tcp': return [`listening-port=${port}`,  // UDP and TCP share the port, as in coturn
                        `tls-listening-port=${await freePort(host)}`, 'no-tls'];
    case 'tls': return [`listening-port=${await freePort(host)}`, `tls-listening-port=${port}`,
                        `cert=${tls.cert}`, `pkey=${tls.key}`];
  }
  throw new Error(`unknown transport '${transport}'`);
}

// Credentials: a static user by default (the exported username and
// credential); restSecret: the TURN REST API with that shared secret instead.
const authLines = (restSecret) => restSecret
  ? ['use-auth-secret', `static-auth-secret=${restSecret}`]
  : ['lt-cred-mech', `user=${username}:${credential}`];

// Resolves to a running server: {port, relayPorts, config, log(), stop()}.
// dir: a scratch directory for the config and log; tls: {cert, key, caPem}.
// host: the one address it listens and relays on. relayCount: relay ports
// (at most 64). restSecret: see authLines. extraLines: more config lines,
// for another program reading the same file (turnsignal).
export async function startTurnServer({binary, transport, dir, tls, host = '127.0.0.1', relayCount = 16,
                                       restSecret, extraLines = []}) {
  const port = await freePort(host);
  const relayPorts = await relayPortRange(relayCount, host);
  const config = join(dir, 'turnserver.conf');
  writeFileSync(config, [
    `listening-ip=${host}`, ...await listenerLines(transport, port, host, tls),
    `relay-ip=${host}`, `min-port=${relayPorts[0]}`, `max-port=${relayPorts[1]}`,
    // Two threads, so the two allocations of a call may live on different ones.
    'relay-threads=2',
    `realm=${realm}`, ...authLines(restSecret),
    // The browsers' peers are relay addresses of this same server.
    host === '127.0.0.1' ? 'allow-loopback-peers' : `allowed-peer-ip=${host}`,
    'log-file=stdout',
    ...extraLines,
  ].join('\n') + '\n');

  const server = await startServerProcess({
    name: 'turnserver', binary, args: ['-c', config], logPath: join(dir, 'turnserver.log'),
    probe: () => stunProbe(transport, host, port, {ca: tls?.caPem}),
  });
  return {port, relayPorts, config, ...server};
}

// What each worker thread logs when it stops (server/worker.cpp), summed:
// {allocations, toPeers, toClients, workers}.
export function workerCounts(log) {
  const totals = {allocations: 0, toPeers: 0, toClients: 0, workers: 0};
  const re = /worker \d+ stopped: (\d+) allocations created, (\d+) packets relayed to peers, (\d+) to clients/g;
  for (const m of log.matchAll(re)) {
    totals.allocations += Number(m[1]);
    totals.toPeers += Number(m[2]);
    totals.toClients += Number(m[3]);
    totals.workers += 1;
  }
  return totals;
}
