// Our turnserver and turnsignal for a room test of the web client, from one
// config file: REST credentials from a shared secret, ports the test chose
// on one address, turnsignal serving this tree's web/ (over HTTPS too when
// given certificates, which turnserver then also uses for turns:).
import {createHmac} from 'node:crypto';
import {dirname, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';
import {stopProblems} from './server_process.mjs';
import {freePort, startTurnServer} from './turnserver.mjs';
import {getJson, signalingLines, startTurnSignal} from './turnsignal.mjs';

const kRestSecret = 'room-test-rest-secret';
const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

// What turnsignal hands out must be what our turnserver takes: URLs of its
// address and port, and a TURN REST credential from the shared secret.
async function iceServersProblems(origin, ca, {host, port}) {
  const {status, json} = await getJson(`${origin}/api/ice-servers`, {ca});
  const server = json?.iceServers?.[0];
  if (status !== 200 || !server) return [`GET /api/ice-servers: HTTP ${status}, ${JSON.stringify(json)}`];
  const problems = [];
  const urls = [server.urls].flat();
  const elsewhere = urls.filter((u) => /^turns?:([^:?]+)/.exec(u)?.[1] !== host);
  if (elsewhere.length) problems.push(`ICE server URLs not on ${host}: ${elsewhere}`);
  if (!urls.some((u) => u.includes(`:${host}:${port}?`))) problems.push(`no ICE server URL for ${host}:${port}: ${urls}`);
  if (!/^\d+:/.test(server.username ?? '')) problems.push(`username '${server.username}' is not expiry:name`);
  const expected = createHmac('sha1', kRestSecret).update(server.username ?? '').digest('base64');
  if (server.credential !== expected) problems.push('credential is not base64(HMAC-SHA1(secret, username))');
  if (!(json.ttl > 0)) problems.push(`ttl ${json.ttl}`);
  console.log(`GET /api/ice-servers: ${urls.join(' ')} as ${server.username}, ttl ${json.ttl}`);
  return problems;
}

// turnsignal logs each message it refuses with its error code
// (signaling/connection_ws.cpp). From the web client none of these may come;
// unknown-peer may (a candidate crossing a peer-left on the wire).
function protocolErrors(log) {
  const refused = log.match(/^.*: (bad-json|bad-message|unknown-type|already-joined|not-joined): .*$/gm) ?? [];
  return refused.map((line) => `turnsignal refused a message of the web client: ${line}`);
}

// Starts both servers on `host` (tls: certificates for HTTPS and turns:;
// options: more config lines, such as signaling-room-size=3), runs
// body({origin, turn, signal}) (which may stop either server early) and
// stops them; resolves to the problems of all three. turnLogProblems(log)
// judges the relay's log once it stopped.
export async function withRoomServers({args, dir, host, tls, options = []}, body, turnLogProblems = () => []) {
  const httpPort = await freePort(host);
  const tlsPort = tls ? await freePort(host) : undefined;
  const turn = await startTurnServer({
    binary: args.turnserver, transport: tls ? 'tls' : 'udp', dir, tls, host, relayCount: 64,
    restSecret: kRestSecret,
    extraLines: [...signalingLines({host, port: httpPort, tlsPort, webRoot}), ...options],
  });
  const origin = tls ? `https://${host}:${tlsPort}` : `http://${host}:${httpPort}`;
  const problems = [];
  let signal;
  try {
    signal = await startTurnSignal({binary: args.turnsignal, config: turn.config, dir, origin, ca: tls?.caPem});
    console.log(`turnserver on ${host}:${turn.port} (relay ports ${turn.relayPorts.join('-')}), turnsignal at ${origin}`);
    problems.push(...await iceServersProblems(origin, tls?.caPem, {host, port: turn.port}));
    problems.push(...await body({origin, turn, signal}));
  } catch (e) {
    problems.push(e.message);
  }
  if (signal) problems.push(...stopProblems('turnsignal', await signal.stop(), signal.log()), ...protocolErrors(signal.log()));
  problems.push(...stopProblems('turnserver', await turn.stop(), turn.log()), ...turnLogProblems(turn.log()));
  if (problems.length) {
    if (signal) console.log(`--- turnsignal log\n${signal.log()}---`);
    console.log(`--- turnserver log\n${turn.log()}---`);
  }
  return problems;
}
