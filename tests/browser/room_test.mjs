// The ctest entries of the room call with the web client (label `browser`):
//   node room_test.mjs --turnserver BIN --turnsignal BIN --artifacts DIR [--scenario S]
// start our turnserver and turnsignal from one config file (REST secret,
// ports the test chose; room_servers.mjs), load the real web client from
// turnsignal in headless Chromium pages that join one room relay-only, and
// check what the pages' test hook and the servers' logs say. Scenarios:
//   three     (default) three pages on loopback (http://127.0.0.1 is a secure
//             context): every page decodes video from every other over relay
//             candidates of our server; renews its TURN credentials (a short
//             TTL) and moves its calls onto new allocations; a page leaving by
//             its button and one closing show up as peer-left in the others;
//             both servers stop cleanly; the relay's log counts the call's
//             allocations and packets.
//   netns     the same with two pages, each in a browser inside a network
//             namespace of its own with no route to the other (netns.mjs),
//             over HTTPS, with turns: offered too; exits 77 (ctest: skipped)
//             where namespaces cannot be made.
//   failures  the notices for a denied camera, a missing TURN server, a full
//             room and a lost signaling server (room_failures.mjs).
// Screenshots of a page go to --artifacts. Everything is bounded by
// kDeadlineMs, and servers, browsers and namespaces go whatever happens.
import {mkdirSync} from 'node:fs';
import {parseArgs} from 'node:util';
import {chromiumPath, launchChromium} from './chromium.mjs';
import {createTestNetwork, netnsUnavailable, programsIn, wrapperInNamespace} from './netns.mjs';
import {credentialRenewalProblems, describeMesh, joinRoom, leave, meshProblems, printPageLogs, screenshot, waitForMesh}
  from './room_call.mjs';
import {failuresScenario} from './room_failures.mjs';
import {withRoomServers} from './room_servers.mjs';
import {runTestMain} from './test_frame.mjs';
import {makeTestCertificates} from './tls_certs.mjs';
import {workerCounts} from './turnserver.mjs';

const kDeadlineMs = 85000;     // ctest's TIMEOUT is 90 s
const kCallTimeoutMs = 40000;  // until every page decoded kFrames from every other
const kLeaveTimeoutMs = 5000;
const kFrames = 30;            // a second or so of the fake camera, from each peer
const kSkipped = 77;           // ctest SKIP_RETURN_CODE
const kRoom = 'e2e-room';
// TURN credentials of the three-page call: the pages renew them at 3/4 of
// that (web/js/call.js), after the call is up, and the test sees them do it.
const kCredentialTtlS = 32;
const kFailuresRoomSize = 3;  // the fourth page of the failures scenario finds the room full

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

// Waits for the full call and checks it; members: the pages, in order.
async function checkCall(members, {host, turn}) {
  const states = await waitForMesh(members, {frames: kFrames, timeoutMs: kCallTimeoutMs});
  console.log(describeMesh(members, states));
  return {states, problems: meshProblems(members, states, {serverHost: host, relayPorts: turn.relayPorts, frames: kFrames})};
}

// Runs body(browsers, members) with one Chromium per launch option (see
// launchChromium); body pushes the pages it opens to members, whose console
// is printed when something went wrong. Resolves to body's problems.
async function inBrowsers(launches, body) {
  const browsers = [];
  const members = [];
  try {
    for (const options of launches) browsers.push(await launchChromium(options));
    const problems = await body(browsers.map((b) => b.browser), members);
    if (problems.length) printPageLogs(members);
    return problems;
  } catch (e) {
    printPageLogs(members);
    throw e;
  } finally {
    for (const b of browsers) await b.close();
  }
}

async function threePages(args, dir) {
  const host = '127.0.0.1';
  const options = [`signaling-credential-ttl=${kCredentialTtlS}`];
  return withRoomServers({args, dir, host, options}, ({origin, turn}) => inBrowsers([{}], async ([browser], members) => {
    // One after the other, so each newcomer offers to those already there.
    for (const name of ['Ada', 'Grace', 'Linus']) members.push(await joinRoom(browser, {origin, room: kRoom, name}));
    const {problems, states} = await checkCall(members, {host, turn});
    await screenshot(members[0], args.artifacts, 'room-call-1280x800.png');
    await screenshot(members[1], args.artifacts, 'room-call-390x844.png', {width: 390, height: 844});
    problems.push(...await credentialRenewalProblems(members, states, {
      frames: kFrames, timeoutMs: kCredentialTtlS * 1000, serverHost: host, relayPorts: turn.relayPorts}));
    problems.push(...await leave(members[2], members.slice(0, 2), {how: 'button', timeoutMs: kLeaveTimeoutMs}));
    problems.push(...await leave(members[1], members.slice(0, 1), {how: 'close', timeoutMs: kLeaveTimeoutMs}));
    if (!problems.length) console.log('Linus left by the button, Grace by closing her page: both seen as peer-left');
    return problems;
  }), (log) => relayLogProblems(log, 3));
}

// A browser runs in each client namespace, as the kernel sees it.
function namespaceProblems(clients) {
  return clients.flatMap((c) => programsIn(c.ns).includes('chromium') ? [] : [`no chromium runs in ${c.ns}`]);
}

async function twoNamespaces(args, dir) {
  const net = createTestNetwork();
  try {
    const host = net.serverAddress;
    console.log(`namespaces ${net.clients.map((c) => `${c.ns} (${c.address})`).join(', ')}; servers on ${host}`);
    const isolation = net.isolation();
    if (isolation.length) return isolation;
    console.log('no route between the client namespaces: each reaches only the servers');
    const tls = makeTestCertificates(dir, host);
    const launches = net.clients.map((c) => ({trustCa: tls.ca, executablePath: wrapperInNamespace(dir, c.ns, chromiumPath)}));
    return await withRoomServers({args, dir, host, tls}, ({origin, turn}) => inBrowsers(launches, async (browsers, members) => {
      for (const [i, c] of net.clients.entries()) {
        members.push(await joinRoom(browsers[i], {origin, room: kRoom, name: `host ${c.name}`}));
      }
      const problems = [...(await checkCall(members, {host, turn})).problems, ...namespaceProblems(net.clients)];
      await screenshot(members[0], args.artifacts, 'room-call-netns-1280x800.png');
      problems.push(...await leave(members[1], members.slice(0, 1), {how: 'close', timeoutMs: kLeaveTimeoutMs}));
      return problems;
    }), (log) => relayLogProblems(log, 2));
  } finally {
    net.destroy();
  }
}

async function failures(args, dir) {
  const options = [`signaling-room-size=${kFailuresRoomSize}`];
  return withRoomServers({args, dir, host: '127.0.0.1', options}, (servers) => inBrowsers([{}], ([browser], members) =>
    failuresScenario({...servers, browser, members, room: kRoom, frames: kFrames, callTimeoutMs: kCallTimeoutMs,
                      artifacts: args.artifacts})));
}

const scenarios = {
  three: {run: threePages, passed: 'room call of three pages relayed by our turnserver'},
  netns: {run: twoNamespaces, passed: 'room call across two network namespaces relayed by our turnserver'},
  failures: {run: failures,
             passed: 'the web client told of a denied camera, a missing TURN server, a full room and a lost signaling server'},
};

let args;
let scenario;
runTestMain({
  deadlineMs: kDeadlineMs,
  scratchPrefix: 'turn-room-test-',
  passed: () => scenario.passed,
  prepare: () => {
    ({values: args} = parseArgs({options: {
      turnserver: {type: 'string'}, turnsignal: {type: 'string'}, artifacts: {type: 'string'},
      scenario: {type: 'string', default: 'three'},
    }}));
    if (!args.turnserver || !args.turnsignal || !args.artifacts) throw new Error('needs --turnserver, --turnsignal and --artifacts');
    scenario = scenarios[args.scenario];
    if (!scenario) throw new Error(`--scenario: one of ${Object.keys(scenarios).join(', ')}`);
    if (args.scenario === 'netns') {
      const why = netnsUnavailable();
      if (why) {
        console.log(`SKIP: network namespaces unavailable here: ${why}`);
        return kSkipped;
      }
    }
    mkdirSync(args.artifacts, {recursive: true});
  },
  run: (scratch) => scenario.run(args, scratch),
});
