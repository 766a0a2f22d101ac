// The scan floor's server: the plainest way to answer a scan. Plain Node, one WebSocket, one prepared better-sqlite3
// statement that looks the code up in the same database file as the app, and one that writes the line where a
// crash cannot lose it, as the app keeps its open cart (a WAL file, committed without an fsync, as the app commits a
// scanned line). Run as its own process (like the app's server), it prints its URL.
// Usage: node bench/floor-server.mjs DB_FILE
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { WebSocketServer } from 'ws';

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head><body>
<div id="rows"></div>
<script>
  const rows = document.getElementById('rows');
  const ws = new WebSocket('ws://' + location.host + '/ws');
  let buf = '';
  let id = 0;
  ws.onopen = () => { document.body.dataset.ready = '1'; };
  window.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { ws.send(JSON.stringify({ id: ++id, method: 'cart.scan', code: buf })); buf = ''; }
    else if (e.key.length === 1) buf += e.key;
  });
  ws.onmessage = (m) => {
    const r = JSON.parse(m.data);
    if (!r.result.ok) return;
    const row = document.createElement('div');
    row.setAttribute('data-testid', 'sale-line');
    row.setAttribute('data-qty', '1000');
    row.textContent = r.result.value.name + ' ' + (r.result.value.price / 100).toFixed(2);
    rows.appendChild(row);
  };
</script></body></html>`;

const db = new Database(process.argv[2], { readonly: true, fileMustExist: true });
const lookup = db.prepare('SELECT p.id, p.name, p.price FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?');
const scratch = mkdtempSync(path.join(tmpdir(), 'lavka-floor-'));
const cart = new Database(path.join(scratch, 'cart.sqlite'));
cart.pragma('journal_mode = WAL');
cart.pragma('synchronous = NORMAL');
cart.exec('CREATE TABLE lines (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, qty INTEGER NOT NULL, price INTEGER NOT NULL)');
const addLine = cart.prepare('INSERT INTO lines (product_id, qty, price) VALUES (?, 1000, ?)');
const server = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(PAGE);
});
const wss = new WebSocketServer({ server, path: '/ws' });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const t0 = performance.now();
    const call = JSON.parse(data.toString());
    const row = lookup.get(call.code);
    if (row) addLine.run(row.id, row.price);
    const result = row ? { ok: true, value: row } : { ok: false, error: { code: 'unknown_barcode', message: call.code } };
    ws.send(JSON.stringify({ id: call.id, result, ms: Math.round((performance.now() - t0) * 100) / 100 }));
  });
});
server.listen(0, '127.0.0.1', () => console.log(`floor server: http://127.0.0.1:${server.address().port}/`));
process.on('SIGTERM', () => {
  db.close();
  cart.close();
  rmSync(scratch, { recursive: true, force: true });
  process.exit(0);
});
