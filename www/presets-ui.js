// @ts-check
// The presets the core offers (wasm `presets()`, checked to learn by tests/defaults.rs): when
// the data is one the default network learns slowly, a line under the datasets offers the
// preset made for it, in one click.

import { settingsFromConfig } from './state.js';

/** `apply(settings)` takes the preset's settings (the page's view settings kept). */
export function createPresetOffer(root, presets, apply) {
  /** The preset made for these settings' data, unless they already use it. */
  function offerFor(s) {
    const p = presets.find((x) => x.config.dataset.kind === s.dataset && x.config.dataset.classes === s.classes);
    if (!p) return null;
    const same = JSON.stringify(p.config.hidden) === JSON.stringify(s.hidden) && p.config.hyper.learningRate === s.lr;
    return same ? null : p;
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
