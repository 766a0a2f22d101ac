let audio: AudioContext | null = null;
let beeps = 0;

/** A short low tone for a refused scan, so the cashier looks up without watching the screen. */
export function beep(): void {
  beeps++;
  // Tests read how many beeps a flow produced; audio itself cannot be observed headless.
  document.documentElement.dataset.beeps = String(beeps);
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'square';
    osc.frequency.value = 440;
    gain.gain.value = 0.08;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.18);
  } catch (err) {
    // No audio device (or the policy refused): the message on screen still tells.
    console.warn('beep failed', err);
  }
}
