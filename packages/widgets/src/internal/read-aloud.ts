import type { Language } from '@casepath/core';

/**
 * The device's voices, once the browser has listed them: Chromium lists none until
 * `voiceschanged`, and a device without any never fires it, so the wait is bounded.
 */
async function voices(synth: SpeechSynthesis): Promise<SpeechSynthesisVoice[]> {
  const now = synth.getVoices();
  if (now.length) return now;
  return new Promise((resolve) => {
    const done = () => resolve(synth.getVoices());
    synth.addEventListener('voiceschanged', done, { once: true });
    setTimeout(done, 1500);
  });
}

/**
 * Reads `texts` aloud, one after another, with the browser's own speech synthesis in `lang`
 * (nothing leaves the device). Resolves false, and says nothing, when the device has no voice
 * for the language: the page then tells the person so.
 */
export async function readAloud(texts: readonly string[], lang: Language): Promise<boolean> {
  const synth = globalThis.speechSynthesis as SpeechSynthesis | undefined;
  if (!synth || typeof SpeechSynthesisUtterance === 'undefined') return false;
  const voice = (await voices(synth)).find((v) => v.lang.toLowerCase().replace('_', '-').split('-')[0] === lang);
  if (!voice) return false;
  synth.cancel(); // a second press starts again rather than queue the same words twice
  for (const text of texts) {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = voice.lang;
    synth.speak(u);
  }
  return true;
}
