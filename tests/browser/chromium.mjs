// Debian's headless Chromium, started by playwright-core (its own browser
// download does not work here: the machine reaches no such host).
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {chromium} from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

const flags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  // Without these Chromium keeps trying to reach Google's hosts, which this
  // machine's closed network refuses, many connections at a time.
  '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  // A fake camera (a moving test pattern) and an automatic yes to getUserMedia.
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
];

// A HOME whose NSS database trusts `caPem` as a root for server certificates.
//
// How Chromium checks a TURNS (turns:host:port?transport=tcp) certificate:
// WebRTC asks the network service for a TLS client socket, which connects
// through net's ConnectJob, so the certificate goes through the same
// CertVerifier as an https:// page: a chain to a trusted root, the URL's host
// in the subjectAltName (an IP SAN for turns:127.0.0.1). On Linux, roots
// added to the user's NSS database ($HOME/.pki/nssdb, certutil from
// libnss3-tools) are trusted next to the Chrome Root Store, so the test CA
// goes there, in a HOME of the test's own. Seen with Chromium 156 against
// coturn on loopback: an untrusted CA, or turns:localhost for a certificate
// naming 127.0.0.1, gives only ICE error 701 and no candidates; the CA in the
// NSS database gives a call.
// --ignore-certificate-errors, or --ignore-certificate-errors-spki-list=<base64
// SHA-256 of the server key's SPKI>, also gives a call, but by skipping the
// check that users' browsers make, so the test does not use them.
function homeTrusting(caPem) {
  const home = mkdtempSync(join(tmpdir(), 'turn-browser-home-'));
  const db = join(home, '.pki', 'nssdb');
  mkdirSync(db, {recursive: true});
  execFileSync('certutil', ['-d', `sql:${db}`, '-N', '--empty-password']);
  execFileSync('certutil', ['-d', `sql:${db}`, '-A', '-t', 'C,,', '-n', 'turnrelay test CA', '-i', caPem]);
  return home;
}

// Resolves to {browser, close()}. `trustCa`: a PEM file of a CA that signed
// the TURNS (or HTTPS) server's certificate, or nothing. executablePath: a
// wrapper that starts Chromium elsewhere (netns.mjs), or Chromium itself.
export async function launchChromium({trustCa, executablePath = chromiumPath} = {}) {
  const home = trustCa ? homeTrusting(trustCa) : undefined;
  const browser = await chromium.launch({
    executablePath,
    args: flags,
    // Playwright adds a new empty --user-data-dir of its own.
    env: home ? {...process.env, HOME: home} : process.env,
    timeout: 20000,
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => {});
      if (home) rmSync(home, {recursive: true, force: true});
    },
  };
}
