// Our turnsignal, started for one browser test from the same config file as
// the test's turnserver (one file configures both, as the README's run
// command does), ready once GET /api/ice-servers answers with ICE servers.
import {get as httpGet} from 'node:http';
import {get as httpsGet} from 'node:https';
import {join} from 'node:path';
import {startServerProcess} from './server_process.mjs';

// turnsignal's own options (signaling/settings.*), for the shared config:
// both listeners on `host`, the web client of this source tree. tlsPort
// (HTTPS, with the file's cert and pkey) is optional.
export function signalingLines({host, port, tlsPort, webRoot}) {
  return [`signaling-listening-ip=${host}`, `signaling-listening-port=${port}`,
          ...(tlsPort ? [`signaling-tls-listening-port=${tlsPort}`] : []),
          `signaling-web-root=${webRoot}`];
}

// Resolves to {status, json} of a GET; ca: a PEM CA for https.
export function getJson(url, {ca, timeoutMs = 2000} = {}) {
  const get = url.startsWith('https:') ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const req = get(url, {ca, timeout: timeoutMs}, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => {
        try {
          resolve({status: res.statusCode, json: JSON.parse(body)});
        } catch {
          resolve({status: res.statusCode, json: null, body});
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

async function iceServersProbe(origin, ca) {
  try {
    const {status, json} = await getJson(`${origin}/api/ice-servers`, {ca});
    if (status !== 200) return `GET /api/ice-servers: HTTP ${status}`;
    return Array.isArray(json?.iceServers) ? '' : 'GET /api/ice-servers: no iceServers array';
  } catch (e) {
    return e.message;
  }
}

// Resolves to {log(), stop()}. origin: the http:// or https:// origin the
// pages will load (probed, with `ca` for https).
export async function startTurnSignal({binary, config, dir, origin, ca}) {
  return startServerProcess({name: 'turnsignal', binary, args: ['-c', config],
                             logPath: join(dir, 'turnsignal.log'), probe: () => iceServersProbe(origin, ca)});
}
