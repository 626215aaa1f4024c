/**
 * A short two-tone alarm made with Web Audio: no sound file to download, works offline.
 * Browsers only allow audio after a user gesture; the sound toggle is that gesture.
 */
let context: AudioContext | null = null;

export function unlockAlertSound(): void {
  context ??= new AudioContext();
  void context.resume();
}

export function playAlertSound(urgent: boolean): void {
  if (!context || context.state !== 'running') return;
  const start = context.currentTime;
  const tones = urgent ? [880, 660, 880] : [660];
  tones.forEach((frequencyHz, index) => {
    const oscillator = context!.createOscillator();
    const gain = context!.createGain();
    oscillator.frequency.value = frequencyHz;
    gain.gain.setValueAtTime(0.15, start + index * 0.18);
    gain.gain.exponentialRampToValueAtTime(0.001, start + index * 0.18 + 0.16);
    oscillator.connect(gain).connect(context!.destination);
    oscillator.start(start + index * 0.18);
    oscillator.stop(start + index * 0.18 + 0.17);
  });
}
