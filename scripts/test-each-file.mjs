// Runs every test file alone, one after another, and lists the ones that fail: a file that passes only after
// another file has run (shared state, a leftover database, a port) shows up here and not in `npm test`.
// Usage: node scripts/test-each-file.mjs [--shuffle] [--tests] [--seed N] [FILE_OR_DIR...]
//   --shuffle  shuffle the tests inside each file (vitest --sequence.shuffle; the seed is printed per file)
//   --tests    also run every test alone (vitest -t '^full name$'), to find tests leaning on earlier ones
//   FILE_OR_DIR  limit to these (default: every file vitest.config.ts includes; e2e/ files need `npm run build`)
// Exits 1 when anything failed. Sequential on purpose: the runs must not share the machine with each other.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VITEST = path.join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const { values, positionals } = parseArgs({
  options: { shuffle: { type: 'boolean', default: false }, tests: { type: 'boolean', default: false }, seed: { type: 'string' } },
  allowPositionals: true,
});

function vitest(args, capture = false) {
  const r = spawnSync(process.execPath, [VITEST, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  // eslint-disable-next-line no-control-regex
  const plain = (s) => (s ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  return { status: r.status, stdout: plain(r.stdout), stderr: plain(r.stderr) };
}

/** Files, or the tests of one file by their full names (collected by importing it: a static parse would miss it.each names). */
function list(args) {
  // Into a file of our own: `--json PATH` takes the next argument as the path to write, so it never precedes a test file.
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'lavka-list-')), 'list.json');
  try {
    const r = vitest(['list', `--json=${out}`, ...args], true);
    if (r.status !== 0) throw new Error(`vitest list failed:\n${r.stdout}${r.stderr}`);
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

// vitest filters by substring: a directory given as `test` would also pick e2e/*.test.ts, so it becomes `test/`.
const filters = positionals.map((p) => (existsSync(p) && statSync(p).isDirectory() && !p.endsWith('/') ? `${p}/` : p));
const files = [...new Set(list(['--filesOnly', ...filters]).map((t) => path.relative(ROOT, t.file)))].sort();
const order = values.shuffle
  ? ['--sequence.shuffle', ...(values.seed ? [`--sequence.seed=${values.seed}`] : [])]
  : ['--sequence.shuffle=false'];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const failed = [];
const started = Date.now();

for (const [i, file] of files.entries()) {
  console.log(`\n[${i + 1}/${files.length}] ${file}`);
  if (vitest(['run', file, ...order]).status !== 0) failed.push(file);
  if (!values.tests) continue;
  for (const t of list([file])) {
    // `vitest list` joins describe and test names with ' > ', -t matches them joined with a space.
    const name = t.name.split(' > ').join(' ');
    const r = vitest(['run', file, '-t', `^${escape(name)}$`, '--sequence.shuffle=false'], true);
    // A pattern that matched nothing would pass with every test skipped.
    const ok = r.status === 0 && /Tests\s+[1-9]\d* passed/.test(r.stdout) && !/Tests\s.*failed/.test(r.stdout);
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} alone: ${name}`);
    if (!ok) failed.push(`${file} > ${name} (alone)`);
  }
}

console.log(
  `\n${files.length} files in ${Math.round((Date.now() - started) / 1000)} s; ${failed.length ? `FAILED alone:\n  ${failed.join('\n  ')}` : 'every one passed alone.'}`,
);
process.exit(failed.length ? 1 : 0);
