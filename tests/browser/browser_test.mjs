// The ctest entry of the browser test (label `browser`):
//   node browser_test.mjs --server build/server/turnserver --transport udp|tcp|tls
// starts our turnserver on loopback, makes a relay-only call between two peer
// connections in headless Chromium through it (relay_call.mjs), stops the
// server, and passes when video was decoded on both sides over relay
// candidates of that server and the server's own log counts the allocations
// and the relayed packets. Everything is bounded: the whole run fails after
// kDeadlineMs at the latest, and the server is stopped whatever happens.
import {parseArgs} from 'node:util';
import {describe, relayCallProblems, runRelayCall, transports} from './relay_call.mjs';
import {stopProblems} from './server_process.mjs';
import {runTestMain} from './test_frame.mjs';
import {makeTestCertificates} from './tls_certs.mjs';
import {credential, startTurnServer, username, workerCounts} from './turnserver.mjs';

const kDeadlineMs = 60000;
const kCallTimeoutMs = 40000;
const kFrames = 30;  // decoded on each side: a second of the fake camera's video

function serverProblems(status, log) {
  const problems = stopProblems('turnserver', status, log);
  const c = workerCounts(log);
  if (c.workers === 0) problems.push('turnserver logged no worker summary');
  // One allocation per peer connection at least; the two directions of the
  // video each cross the relay twice (client to peer, then peer to client).
  if (c.allocations < 2) problems.push(`turnserver created ${c.allocations} allocations, not 2 or more`);
  if (c.toPeers < 2 * kFrames || c.toClients < 2 * kFrames)
    problems.push(`turnserver relayed too little for ${kFrames} frames each way: ` +
                  `${c.toPeers} packets to peers, ${c.toClients} to clients`);
  return {problems, counts: c};
}

async function run({server: binary, transport}, scratch) {
  const tls = transport === 'tls' ? makeTestCertificates(scratch) : undefined;
  const server = await startTurnServer({binary, transport, dir: scratch, tls});
  console.log(`turnserver answering over ${transport} on 127.0.0.1:${server.port}, ` +
              `relay ports ${server.relayPorts.join('-')}`);
  let result;
  let callError;
  try {
    result = await runRelayCall({transport, port: server.port, username, credential, frames: kFrames,
                                 timeoutMs: kCallTimeoutMs, trustCa: tls?.ca});
  } catch (e) {
    callError = e;
  }
  const status = await server.stop();
  const log = server.log();
  const {problems: serverSide, counts} = serverProblems(status, log);
  console.log(`turnserver: ${status}; ${counts.allocations} allocations created, ` +
              `${counts.toPeers} packets relayed to peers, ${counts.toClients} to clients`);
  if (result) console.log(describe(result));
  const problems = [
    ...(callError ? [`the call failed: ${callError.message}`] : relayCallProblems(result, {transport, relayPorts: server.relayPorts})),
    ...serverSide,
  ];
  if (problems.length) {
    for (const line of result?.pageLog ?? []) console.log(`page ${line}`);
    console.log(`--- turnserver log\n${log}---`);
  }
  return problems;
}

let args;
runTestMain({
  deadlineMs: kDeadlineMs,
  scratchPrefix: 'turn-browser-test-',
  passed: () => `browser call relayed over ${args.transport}`,
  prepare: () => {
    ({values: args} = parseArgs({options: {server: {type: 'string'}, transport: {type: 'string', default: 'udp'}}}));
    if (!args.server) throw new Error('needs --server PATH (our turnserver binary)');
    if (!transports.includes(args.transport)) throw new Error(`--transport: one of ${transports.join(', ')}`);
  },
  run: (scratch) => run(args, scratch),
});
