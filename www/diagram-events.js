// @ts-check
// What the network diagram's clicks and hovers do: a layer's neurons and activation (which
// rebuild the network), the tooltip of an edge or a node, and the inline editing of one weight
// or bias of the live network.

import { createDiagram, hoverHtml } from './diagram.js';
import { ACTIVATION_NAMES, MAX_NEURONS } from './state.js';
import { editValue, tooltip } from './ui.js';

/** The diagram's callbacks. `views` gives the diagram, the heatmaps and the step-through as
 * getters (they are made after, or replaced), and `changeArchitecture(next, why)`.
 * @param {import('./state.js').App} app
 * @param {object} views
 * @param {() => ReturnType<typeof createDiagram>} views.diagram
 * @param {() => any} views.heatmaps
 * @param {() => any} views.stepThrough
 * @param {(next: any, why: string) => void} views.changeArchitecture */
export function diagramEvents(app, { diagram, heatmaps, stepThrough, changeArchitecture }) {
  return {
    onNeurons(j, delta) {
      const next = structuredClone(app.settings),
        h = next.hidden[j];
      h.neurons = Math.max(1, Math.min(MAX_NEURONS, h.neurons + delta));
      changeArchitecture(next, `${h.neurons} neuron${h.neurons === 1 ? '' : 's'} in layer ${j}`);
    },
    onActivation(j, a) {
      const next = structuredClone(app.settings);
      if (j < next.hidden.length) next.hidden[j].activation = a;
      else next.outputActivation = a;
      changeArchitecture(next, `${ACTIVATION_NAMES[a]} in layer ${j}`);
    },
    onHover(h) {
      if (!h) {
        tooltip(null);
        heatmaps().highlight(app.api, null);
        return;
      }
      tooltip(hoverHtml(h, app.batchView ? 'batch mean' : 'this sample'), h.x, h.y);
      if (h.kind === 'edge') heatmaps().highlight(app.api, [h.j, h.m, h.n]);
    },
    onEditWeight(j, m, n, x, y) {
      if (stepThrough().pickWeight?.(j, m, n)) return; // the step-through's gradient check takes it
      const net = app.trainer.network();
      const current = net.weight(j, m, n);
      net.free();
      diagram().highlight({ j, pairs: [[m, n]], inputs: [m], outputs: [n] }); // the edge being edited
      editValue(
        `w<sub>${m + 1},${n + 1}</sub><sup>(${j})</sup>`,
        current,
        x,
        y,
        (v) => {
          app.trainer.setWeight(j, m, n, v);
          tooltip(null); // it showed the old value until the pointer moved
          app.dirty = true;
        },
        () => diagram().highlight(null),
      );
    },
    onEditBias(j, n, x, y) {
      const net = app.trainer.network();
      const current = net.biases(j)[n];
      net.free();
      diagram().highlight({ j, pairs: [], inputs: [], outputs: [n] });
      editValue(
        `b<sub>${n + 1}</sub><sup>(${j})</sup>`,
        current,
        x,
        y,
        (v) => {
          const edited = app.trainer.network();
          edited.setBias(j, n, v);
          app.trainer.setNetwork(edited);
          edited.free();
          tooltip(null);
          app.dirty = true;
        },
        () => diagram().highlight(null),
      );
    },
  };
}
