// Writes resources/web/sounds/scan-error.wav: the low double tone the till plays when a scan is refused, so the cashier
// looks up without watching the screen. Dependency-free PCM: 16-bit mono, 22.05 kHz, soft edges so it does not click.
// Run: node resources/make-sounds.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RATE = 22050;
const here = path.dirname(fileURLToPath(import.meta.url));

/** Samples of a tone with a short linear fade in and out (ms each). */
function tone(freq, ms, fadeMs = 8, volume = 0.35) {
  const n = Math.round((RATE * ms) / 1000);
  const fade = Math.round((RATE * fadeMs) / 1000);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const edge = Math.min(1, i / fade, (n - 1 - i) / fade);
    // A square-ish wave (fundamental + odd harmonics) cuts through shop noise better than a sine.
    const t = (2 * Math.PI * freq * i) / RATE;
    out[i] = volume * edge * (Math.sin(t) + Math.sin(3 * t) / 3 + Math.sin(5 * t) / 5);
  }
  return out;
}

const silence = (ms) => new Float64Array(Math.round((RATE * ms) / 1000));

function wav(parts) {
  const samples = parts.reduce((s, p) => s + p.length, 0);
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(RATE, 24);
  buf.writeUInt32LE(RATE * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  let o = 44;
  for (const p of parts) {
    for (const v of p) o = buf.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), o);
  }
  return buf;
}

const file = path.join(here, 'web', 'sounds', 'scan-error.wav');
writeFileSync(file, wav([tone(440, 120), silence(40), tone(330, 160)]));
console.log(`wrote ${file}`);
