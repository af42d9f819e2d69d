// Two client hosts for a browser test, as network namespaces made by the
// test and always removed, that can reach the servers but not each other:
//
//   namespace A  198.19.K.2/30 ── veth ── 198.19.K.1/30  this (the servers') namespace
//   namespace B  198.19.K.6/30 ── veth ── 198.19.K.5/30
//
// The servers listen on 198.19.K.1 (the host end of A's link). A reaches it
// on its link; B has one route, 198.19.K.1/32 via its own link. Neither has
// a route to the other's address, so a call between them goes through the
// relay or not at all. 198.18.0.0/15 is RFC 2544's range for benchmark
// networks: no real network here uses it. K comes from the pid, so runs of
// other worktrees on this machine do not collide. (A dummy link for the
// servers' address would be more symmetric, but this machine's kernel has
// no dummy driver.)
import {execFileSync} from 'node:child_process';
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const ip = (...args) => execFileSync('ip', args, {stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8'});
const quietly = (f) => { try { f(); } catch { /* already gone */ } };

// '' when this process can make namespaces and veth links, else why not.
export function netnsUnavailable() {
  if (process.getuid?.() !== 0) return 'not root (ip netns needs CAP_SYS_ADMIN and CAP_NET_ADMIN)';
  const probe = `turnrelay-probe-${process.pid}`;
  try {
    ip('netns', 'add', probe);
    ip('link', 'add', `trp${process.pid % 100000}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', probe);
    return '';
  } catch (e) {
    return `ip netns/veth failed: ${String(e.stderr || e.message).trim()}`;
  } finally {
    quietly(() => ip('netns', 'del', probe));  // takes the veth pair with it
  }
}

function addressesInUse() {
  return ip('-4', '-o', 'addr', 'show');
}

function pickK() {
  const used = addressesInUse();
  for (let i = 0; i < 256; ++i) {
    const k = (process.pid + i) % 256;
    if (!used.includes(`198.19.${k}.`)) return k;
  }
  throw new Error('no free 198.19.K.0/29 for the test network');
}

const kNamePattern = /^turnrelay-[ab]-(\d+)\b/;

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};

// Namespaces of runs that were killed outright (SIGKILL leaves no time to
// clean up): their names carry the pid of a process that is gone.
function removeStale() {
  for (const line of ip('netns', 'list').split('\n')) {
    const m = kNamePattern.exec(line);
    if (m && !alive(Number(m[1]))) quietly(() => ip('netns', 'del', m[0]));
  }
}

// Makes the namespaces; returns {serverAddress, clients: [{name, ns, address}],
// isolation(): [problems], destroy()}. destroy() also runs when the process
// exits or gets SIGINT/SIGTERM, so nothing outlives the test.
export function createTestNetwork() {
  removeStale();
  const k = pickK();
  const tag = String(process.pid);
  const hostAddress = (i) => `198.19.${k}.${4 * i + 1}`;
  const clientAddress = (i) => `198.19.${k}.${4 * i + 2}`;
  const serverAddress = hostAddress(0);
  const clients = ['a', 'b'].map((name, i) => ({name, ns: `turnrelay-${name}-${tag}`, address: clientAddress(i),
                                                 hostLink: `tr${name}${tag}`}));

  const destroy = () => {
    for (const c of clients) {
      quietly(() => ip('netns', 'del', c.ns));
      quietly(() => ip('link', 'del', c.hostLink));  // gone with the namespace, unless that failed half-way
    }
    process.off('exit', destroy);
  };
  process.on('exit', destroy);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(1));  // runs 'exit'

  try {
    clients.forEach((c, i) => {
      ip('netns', 'add', c.ns);
      ip('link', 'add', c.hostLink, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', c.ns);
      // No IPv6 link-local address: its duplicate address detection ends a
      // second or two after the link comes up, and Chromium takes that
      // change for a new network and fails the loads in flight
      // (net::ERR_NETWORK_CHANGED, seen with the page loaded right then).
      ip('link', 'set', c.hostLink, 'addrgenmode', 'none');
      ip('addr', 'add', `${hostAddress(i)}/30`, 'dev', c.hostLink);
      ip('link', 'set', c.hostLink, 'up');
      const inNs = (...args) => ip('-n', c.ns, ...args);
      inNs('link', 'set', 'lo', 'up');
      inNs('link', 'set', 'eth0', 'addrgenmode', 'none');
      inNs('addr', 'add', `${c.address}/30`, 'dev', 'eth0');
      inNs('link', 'set', 'eth0', 'up');
      if (hostAddress(i) !== serverAddress) inNs('route', 'add', `${serverAddress}/32`, 'via', hostAddress(i));
    });
  } catch (e) {
    destroy();
    throw new Error(`could not build the test network: ${String(e.stderr || e.message).trim()}`);
  }
  return {serverAddress, clients, destroy, isolation: () => isolationProblems(clients, serverAddress)};
}

// What the kernel says each client can reach: the servers, and not the
// other client. `ip route get` asks the namespace's own routing table.
function isolationProblems(clients, serverAddress) {
  const problems = [];
  for (const c of clients) {
    const route = (to) => {
      try {
        return ip('-n', c.ns, 'route', 'get', to).trim();
      } catch (e) {
        return `unreachable: ${String(e.stderr).trim()}`;
      }
    };
    if (route(serverAddress).startsWith('unreachable')) problems.push(`${c.ns} has no route to the servers`);
    for (const other of clients.filter((o) => o !== c)) {
      const r = route(other.address);
      if (!r.startsWith('unreachable')) problems.push(`${c.ns} has a route to ${other.ns}: ${r}`);
    }
  }
  return problems;
}

// The program names (/proc/PID/comm) of the processes in namespace `ns`.
export function programsIn(ns) {
  const pids = ip('netns', 'pids', ns).split('\n').filter(Boolean);
  return pids.map((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      return '';  // ended meanwhile
    }
  });
}

// An executable that runs `binary` inside namespace `ns` with the arguments
// it gets, for playwright-core's executablePath. `ip netns exec` execs the
// program in place, so the browser keeps the pipes playwright talks over.
export function wrapperInNamespace(dir, ns, binary) {
  const path = join(dir, `chromium-in-${ns}`);
  writeFileSync(path, `#!/bin/sh\nexec ip netns exec '${ns}' '${binary}' "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}
