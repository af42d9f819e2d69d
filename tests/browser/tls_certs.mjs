// A throwaway CA and a server certificate it signed, for turns: tests: the
// server gets cert.pem/key.pem, Chromium is made to trust ca.pem
// (chromium.mjs), and nothing is trusted that outlives the test's directory.
import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const openssl = (args) => execFileSync('openssl', args, {stdio: ['ignore', 'ignore', 'pipe']});

// Returns {ca, cert, key, caPem}: paths, and the CA's PEM text.
// `host` must be what the TURN URL names (an IP SAN for an address).
export function makeTestCertificates(dir, host = '127.0.0.1') {
  const p = (name) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=turnrelay browser test CA',
           '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
           '-keyout', p('ca.key'), '-out', p('ca.pem')]);
  openssl(['req', '-new', ...ec, '-subj', `/CN=${host}`, '-keyout', p('key.pem'), '-out', p('server.csr')]);
  // What Chromium's verifier insists on for a server: the name in the SAN
  // (the CN is ignored) and serverAuth.
  const san = /^[\d.]+$|:/.test(host) ? `IP:${host}` : `DNS:${host}`;
  writeFileSync(p('server.ext'), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
  openssl(['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial',
           '-days', '2', '-extfile', p('server.ext'), '-out', p('cert.pem')]);
  return {ca: p('ca.pem'), cert: p('cert.pem'), key: p('key.pem'), caPem: readFileSync(p('ca.pem'), 'utf8')};
}
