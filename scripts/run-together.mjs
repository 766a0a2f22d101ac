// Runs npm scripts side by side (`node scripts/run-together.mjs lint typecheck build`): npm test's checks before the
// tests take a core each instead of queueing. Each script's output is printed whole when it ends, so two logs never
// interleave; the exit code is the first failure's.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (!names.length) {
  console.error('usage: node scripts/run-together.mjs SCRIPT...');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const runs = names.map(
  (name) =>
    new Promise((resolve) => {
      const started = Date.now();
      const child = spawn(npm, ['run', name, '--silent'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
      const out = [];
      child.stdout.on('data', (d) => out.push(d));
      child.stderr.on('data', (d) => out.push(d));
      child.on('close', (code, signal) => {
        const text = Buffer.concat(out).toString().trimEnd();
        const secs = ((Date.now() - started) / 1000).toFixed(0);
        console.log(`── npm run ${name}: ${code === 0 ? 'ok' : `FAILED (${code ?? signal})`} in ${secs} s${text ? `\n${text}` : ''}`);
        resolve(code ?? 1);
      });
    }),
);
const codes = await Promise.all(runs);
process.exit(codes.find((c) => c !== 0) ?? 0);
