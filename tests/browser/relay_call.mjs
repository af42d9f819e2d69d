// Drives relay_call.html in headless Chromium against a running TURN server
// and judges what the page saw: video decoded on both sides, over a selected
// candidate pair whose local candidate is a relay candidate of that server on
// both sides. browser_test.mjs starts our turnserver and uses this; run alone
// it calls through any server:
//   node relay_call.mjs --transport udp|tcp|tls --port 3478 [--host 127.0.0.1]
//        --username U --credential P [--relay-ports 49152-65535] [--trust-ca ca.pem]
import {parseArgs} from 'node:util';
import {pathToFileURL} from 'node:url';
import {launchChromium} from './chromium.mjs';
import {serveTestPage} from './static_server.mjs';

export const transports = ['udp', 'tcp', 'tls'];

// RFC 7065 TURN URIs. TLS is turns: over TCP (Chromium has no DTLS to TURN).
export function turnUrl(transport, host, port) {
  switch (transport) {
    case 'udp': return `turn:${host}:${port}?transport=udp`;
    case 'tcp': return `turn:${host}:${port}?transport=tcp`;
    case 'tls': return `turns:${host}:${port}?transport=tcp`;
  }
  throw new Error(`unknown transport '${transport}' (${transports.join(', ')})`);
}

// Runs the call; resolves to the page's window.result. Rejects when the page
// does not report within timeoutMs (the page's own deadline comes first).
export async function runRelayCall({transport, host = '127.0.0.1', port, username, credential,
                                    frames = 30, timeoutMs = 40000, trustCa}) {
  const site = await serveTestPage();
  const chromium = await launchChromium({trustCa}).catch(async (e) => { await site.close(); throw e; });
  const pageLog = [];
  try {
    const page = await chromium.browser.newPage();
    page.on('console', (m) => pageLog.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => pageLog.push(`pageerror: ${e.message}`));
    const query = new URLSearchParams({turn: turnUrl(transport, host, port), username, credential,
                                       frames: String(frames), deadlineMs: String(timeoutMs - 5000)});
    await page.goto(`${site.origin}/relay_call.html?${query}`, {timeout: 10000});
    const handle = await page.waitForFunction(() => window.result, null, {timeout: timeoutMs, polling: 250})
      .catch((e) => { throw new Error(`the page reported nothing: ${e.message}\n${pageLog.join('\n')}`); });
    return {...await handle.jsonValue(), pageLog};
  } finally {
    await chromium.close();
    await site.close();
  }
}

// The ways `result` falls short of a relayed call; empty when it is one.
// relayPorts: [min, max] of the server's relay ports, when known.
export function relayCallProblems(result, {transport, relayPorts}) {
  if (result.outcome !== 'decoded') {
    return [`the call did not decode ${result.wantFrames ?? ''} frames on both sides: ${result.outcome}` +
            (result.error ? ` (${result.error})` : '')];
  }
  const problems = [];
  for (const [name, side] of Object.entries(result.sides)) {
    const local = side.local;
    if (!local) {
      problems.push(`${name}: no selected candidate pair`);
      continue;
    }
    if (local.type !== 'relay') problems.push(`${name}: local candidate is '${local.type}', not 'relay'`);
    // getStats() names the client-to-server leg with the same three words.
    if (local.relayProtocol !== transport)
      problems.push(`${name}: reached the server over '${local.relayProtocol}', not '${transport}'`);
    if (relayPorts && !(local.port >= relayPorts[0] && local.port <= relayPorts[1]))
      problems.push(`${name}: relayed port ${local.port} is outside the server's ${relayPorts.join('-')}`);
  }
  return problems;
}

export function describe(result) {
  const lines = [`outcome ${result.outcome} after ${result.elapsedMs} ms`];
  for (const [name, s] of Object.entries(result.sides ?? {})) {
    const l = s.local;
    const r = s.remote;
    const pair = l && r ? `local ${l.type} ${l.address}:${l.port} via ${l.relayProtocol} (${l.url}), ` +
                          `remote ${r.type} ${r.address}:${r.port}`
                        : `no selected candidate pair, ${result.candidates?.[name] ?? 0} candidates gathered`;
    lines.push(`${name}: ${s.framesDecoded} frames decoded (${s.packetsReceived} packets), ICE ${s.iceState}, ${pair}`);
  }
  for (const e of result.iceErrors ?? []) lines.push(`ICE error (${e.side}): ${e.errorCode} ${e.errorText} ${e.url}`);
  return lines.join('\n');
}

async function main() {
  const {values: a} = parseArgs({options: {
    transport: {type: 'string', default: 'udp'}, host: {type: 'string', default: '127.0.0.1'},
    port: {type: 'string'}, username: {type: 'string'}, credential: {type: 'string'},
    'relay-ports': {type: 'string'}, 'trust-ca': {type: 'string'},
  }});
  if (!a.port || !a.username || !a.credential) throw new Error('needs --port, --username and --credential');
  const relayPorts = a['relay-ports']?.split('-').map(Number);
  const result = await runRelayCall({...a, port: Number(a.port), trustCa: a['trust-ca']});
  console.log(describe(result));
  const problems = relayCallProblems(result, {transport: a.transport, relayPorts});
  for (const p of problems) console.error(`FAIL: ${p}`);
  return problems.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => process.exit(code), (e) => { console.error(`FAIL: ${e.message}`); process.exit(1); });
}
