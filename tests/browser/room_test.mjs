// The ctest entries of the room call (label `browser`):
//   node room_test.mjs --turnserver BIN --turnsignal BIN --artifacts DIR [--netns]
// start our turnserver and turnsignal from one config file (REST secret,
// ports the test chose), load the real web client from turnsignal in
// headless Chromium pages that join one room relay-only, and pass when
// every page decoded video from every other over relay candidates of our
// server, when pages that leave (Leave button, closed page) show up as
// peer-left in the others, and when both servers stop cleanly and the relay's
// log counts the allocations and packets of the call.
//   default:  three pages on loopback (http://127.0.0.1, a secure context).
//   --netns:  two pages, each in a browser inside a network namespace of its
//             own with no route to the other (netns.mjs), over HTTPS and with
//             turns: offered too; exits 77 (skipped) where namespaces cannot
//             be made.
// Screenshots of a page in the call go to --artifacts. Everything is bounded
// by kDeadlineMs, and servers, browsers and namespaces go whatever happens.
import {createHmac} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {chromiumPath, launchChromium} from './chromium.mjs';
import {createTestNetwork, netnsUnavailable, programsIn, wrapperInNamespace} from './netns.mjs';
import {describeMesh, joinRoom, leave, meshProblems, waitForMesh} from './room_call.mjs';
import {stopProblems} from './server_process.mjs';
import {makeTestCertificates} from './tls_certs.mjs';
import {freePort, startTurnServer, workerCounts} from './turnserver.mjs';
import {getJson, signalingLines, startTurnSignal} from './turnsignal.mjs';

const kDeadlineMs = 85000;     // ctest's TIMEOUT is 90 s
const kCallTimeoutMs = 40000;  // until every page decoded kFrames from every other
const kLeaveTimeoutMs = 5000;
const kFrames = 30;            // a second or so of the fake camera, from each peer
const kSkipped = 77;           // ctest SKIP_RETURN_CODE
const kRestSecret = 'room-test-rest-secret';
const kRoom = 'e2e-room';
const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

// What turnsignal hands out must be what our turnserver takes: URLs of its
// address and port, and a TURN REST credential from the shared secret.
async function iceServersProblems(origin, ca, {host, port}) {
  const {status, json} = await getJson(`${origin}/api/ice-servers`, {ca});
  const server = json?.iceServers?.[0];
  if (status !== 200 || !server) return [`GET /api/ice-servers: HTTP ${status}, ${JSON.stringify(json)}`];
  const problems = [];
  const urls = [server.urls].flat();
  const elsewhere = urls.filter((u) => !u.match(/^turns?:([^:?]+)/) || u.match(/^turns?:([^:?]+)/)[1] !== host);
  if (elsewhere.length) problems.push(`ICE server URLs not on ${host}: ${elsewhere}`);
  if (!urls.some((u) => u.includes(`:${host}:${port}?`))) problems.push(`no ICE server URL for ${host}:${port}: ${urls}`);
  if (!/^\d+:/.test(server.username ?? '')) problems.push(`username '${server.username}' is not expiry:name`);
  const expected = createHmac('sha1', kRestSecret).update(server.username ?? '').digest('base64');
  if (server.credential !== expected) problems.push('credential is not base64(HMAC-SHA1(secret, username))');
  if (!(json.ttl > 0)) problems.push(`ttl ${json.ttl}`);
  console.log(`GET /api/ice-servers: ${urls.join(' ')} as ${server.username}, ttl ${json.ttl}`);
  return problems;
}

// The relay's own account of a call between n pages: each of the n(n-1)
// peer connections allocated, and each of the n(n-1) video streams crossed
// it twice (client to peer allocation, then to the other client).
function relayLogProblems(log, n) {
  const c = workerCounts(log);
  const streams = n * (n - 1);
  console.log(`turnserver log: ${c.allocations} allocations created, ${c.toPeers} packets relayed to peers, ` +
              `${c.toClients} to clients`);
  const problems = [];
  if (c.workers === 0) problems.push('turnserver logged no worker summary');
  if (c.allocations < streams) problems.push(`${c.allocations} allocations, not ${streams} or more`);
  if (c.toPeers < streams * kFrames || c.toClients < streams * kFrames)
    problems.push(`too few packets relayed for ${kFrames} frames per stream: ${c.toPeers} to peers, ${c.toClients} to clients`);
  return problems;
}

// Starts both servers on `host` (tls: certificates for HTTPS and turns:),
// runs call({origin, turn}) and stops them; resolves to all problems.
async function withServers({args, dir, host, tls, pages}, call) {
  const httpPort = await freePort(host);
  const tlsPort = tls ? await freePort(host) : undefined;
  const turn = await startTurnServer({
    binary: args.turnserver, transport: tls ? 'tls' : 'udp', dir, tls, host, relayCount: 64,
    restSecret: kRestSecret, extraLines: signalingLines({host, port: httpPort, tlsPort, webRoot}),
  });
  const origin = tls ? `https://${host}:${tlsPort}` : `http://${host}:${httpPort}`;
  const problems = [];
  let signal;
  try {
    signal = await startTurnSignal({binary: args.turnsignal, config: turn.config, dir, origin, ca: tls?.caPem});
    console.log(`turnserver on ${host}:${turn.port} (relay ports ${turn.relayPorts.join('-')}), turnsignal at ${origin}`);
    problems.push(...await iceServersProblems(origin, tls?.caPem, {host, port: turn.port}));
    problems.push(...await call({origin, turn}));
  } catch (e) {
    problems.push(e.message);
  }
  if (signal) {
    const status = await signal.stop();
    problems.push(...stopProblems('turnsignal', status, signal.log()));
    if (problems.length) console.log(`--- turnsignal log\n${signal.log()}---`);
  }
  const status = await turn.stop();
  problems.push(...stopProblems('turnserver', status, turn.log()), ...relayLogProblems(turn.log(), pages));
  if (problems.length) console.log(`--- turnserver log\n${turn.log()}---`);
  return problems;
}

async function screenshot(member, dir, file, viewport) {
  if (viewport) {
    await member.page.setViewportSize(viewport);
    await member.page.waitForTimeout(1000);  // the layout settles and the videos paint again
  }
  const path = join(dir, file);
  await member.page.screenshot({path});
  console.log(`screenshot: ${path}`);
}

// Joins, waits for the full call, checks it; members: the pages, in order.
async function checkCall(members, {host, turn}) {
  const states = await waitForMesh(members, {frames: kFrames, timeoutMs: kCallTimeoutMs});
  console.log(describeMesh(members, states));
  return {states, problems: meshProblems(members, states, {serverHost: host, relayPorts: turn.relayPorts, frames: kFrames})};
}

function printPageLogs(members) {
  for (const m of members) for (const line of m.log) console.log(`page ${m.name}: ${line}`);
}

async function loopbackCall(args, dir) {
  const host = '127.0.0.1';
  return withServers({args, dir, host, pages: 3}, async ({origin, turn}) => {
    const chromium = await launchChromium();
    const members = [];
    try {
      // One after the other, so each newcomer offers to those already there.
      for (const name of ['Ada', 'Grace', 'Linus']) members.push(await joinRoom(chromium.browser, {origin, room: kRoom, name}));
      const {problems} = await checkCall(members, {host, turn});
      await screenshot(members[0], args.artifacts, 'room-call-1280x800.png');
      await screenshot(members[1], args.artifacts, 'room-call-390x844.png', {width: 390, height: 844});
      problems.push(...await leave(members[2], members.slice(0, 2), {how: 'button', timeoutMs: kLeaveTimeoutMs}));
      problems.push(...await leave(members[1], members.slice(0, 1), {how: 'close', timeoutMs: kLeaveTimeoutMs}));
      if (!problems.length) console.log('Linus left by the button, Grace by closing her page: both seen as peer-left');
      return problems;
    } catch (e) {
      printPageLogs(members);
      throw e;
    } finally {
      await chromium.close();
    }
  });
}

// A browser runs in each client namespace, as the kernel sees it.
function namespaceProblems(clients) {
  return clients.flatMap((c) => programsIn(c.ns).includes('chromium') ? [] : [`no chromium runs in ${c.ns}`]);
}

async function netnsCall(args, dir) {
  const net = createTestNetwork();
  try {
    const host = net.serverAddress;
    console.log(`namespaces ${net.clients.map((c) => `${c.ns} (${c.address})`).join(', ')}; servers on ${host}`);
    const isolation = net.isolation();
    if (isolation.length) return isolation;
    console.log('no route between the client namespaces: each reaches only the servers');
    const tls = makeTestCertificates(dir, host);
    return await withServers({args, dir, host, tls, pages: 2}, async ({origin, turn}) => {
      const browsers = [];
      const members = [];
      try {
        for (const c of net.clients) {
          const executablePath = wrapperInNamespace(dir, c.ns, chromiumPath);
          browsers.push(await launchChromium({trustCa: tls.ca, executablePath}));
          members.push(await joinRoom(browsers.at(-1).browser, {origin, room: kRoom, name: `host ${c.name}`}));
        }
        const {problems} = await checkCall(members, {host, turn});
        problems.push(...namespaceProblems(net.clients));
        await screenshot(members[0], args.artifacts, 'room-call-netns-1280x800.png');
        problems.push(...await leave(members[1], members.slice(0, 1), {how: 'close', timeoutMs: kLeaveTimeoutMs}));
        return problems;
      } catch (e) {
        printPageLogs(members);
        throw e;
      } finally {
        for (const b of browsers) await b.close();
      }
    });
  } finally {
    net.destroy();
  }
}

async function main() {
  const {values: args} = parseArgs({options: {
    turnserver: {type: 'string'}, turnsignal: {type: 'string'}, artifacts: {type: 'string'}, netns: {type: 'boolean'},
  }});
  if (!args.turnserver || !args.turnsignal || !args.artifacts) throw new Error('needs --turnserver, --turnsignal and --artifacts');
  if (args.netns) {
    const why = netnsUnavailable();
    if (why) {
      console.log(`SKIP: network namespaces unavailable here: ${why}`);
      return kSkipped;
    }
  }
  mkdirSync(args.artifacts, {recursive: true});
  const scratch = mkdtempSync(join(tmpdir(), 'turn-room-test-'));
  process.on('exit', () => rmSync(scratch, {recursive: true, force: true}));
  const started = Date.now();
  const problems = await (args.netns ? netnsCall : loopbackCall)(args, scratch);
  for (const p of problems) console.error(`FAIL: ${p}`);
  if (!problems.length) console.log(`PASS: room call ${args.netns ? 'across two network namespaces' : 'of three pages'} ` +
                                    `relayed by our turnserver in ${Date.now() - started} ms`);
  return problems.length ? 1 : 0;
}

// The backstop behind every inner timeout; exiting runs the 'exit' hooks,
// which kill the servers and remove the namespaces.
setTimeout(() => {
  console.error(`FAIL: no result within ${kDeadlineMs} ms`);
  process.exit(1);
}, kDeadlineMs).unref();

main().then((code) => process.exit(code), (e) => {
  console.error(`FAIL: ${e.stack ?? e}`);
  process.exit(1);
});
