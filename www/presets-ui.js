// @ts-check
// The presets the core offers (wasm `presets()`, checked to learn by tests/defaults.rs): when
// the data is one the default network learns slowly, a line under the datasets offers the
// preset made for it, in one click.

import { defaults, settingsFromConfig } from './state.js';

/** `apply(settings)` takes the preset's settings (the page's view settings kept). */
export function createPresetOffer(root, presets, apply) {
  /** The preset made for these settings' data, while the network is the default one (the
   * offer says the default learns the data slowly; a network of one's own is left alone). */
  function offerFor(s) {
    const p = presets.find((x) => x.config.dataset.kind === s.dataset && x.config.dataset.classes === s.classes);
    const own = JSON.stringify(defaults().hidden) !== JSON.stringify(s.hidden);
    return p && !own ? p : null;
  }

  function update(s) {
    const p = offerFor(s);
    root.hidden = !p;
    if (!p) return root.replaceChildren();
    const text = document.createElement('p');
    text.textContent = 'The default network learns this data slowly.';
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'accent';
    b.textContent = `Use the preset: ${p.label.replace(/^[^:]*:\s*/, '')}`;
    b.onclick = () => apply({ ...settingsFromConfig(p.config, pick(s)), seed: s.seed, noise: s.noise, ratio: s.ratio });
    root.replaceChildren(text, b);
  }

  return { update };
}

const pick = (s) => ({ showTest: s.showTest, unit: s.unit, speed: s.speed, scale: s.scale, gradView: s.gradView });
