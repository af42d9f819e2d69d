// Serves the test page's files on 127.0.0.1 (a loopback origin is a secure
// context, so getUserMedia works without a certificate). Only the listed
// files, nothing else of the tree.
import {createServer} from 'node:http';
import {readFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const files = {
  '/relay_call.html': 'text/html; charset=utf-8',
  '/relay_call.js': 'text/javascript; charset=utf-8',
};

// Resolves to {origin, close()} once listening on an ephemeral port.
export async function serveTestPage() {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    const type = files[path];
    if (!type) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {'content-type': type, 'cache-control': 'no-store'});
    res.end(await readFile(join(here, path)));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
