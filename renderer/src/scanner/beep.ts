let sound: HTMLAudioElement | null = null;
let beeps = 0;

/** The refused-scan sound (resources/web/sounds), so the cashier looks up without watching the screen. */
export function beep(): void {
  beeps++;
  // Tests read how many beeps a flow produced; audio itself cannot be observed headless.
  document.documentElement.dataset.beeps = String(beeps);
  sound ??= new Audio('./sounds/scan-error.wav');
  sound.currentTime = 0;
  // Autoplay policy or no audio device: the message on screen still tells, so a refusal is only logged.
  sound.play().catch((err: unknown) => console.warn('scan-error sound not played:', err));
}
