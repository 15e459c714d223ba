// @ts-check
// Recording: the decision boundary, or the whole view (the diagram, the boundary and the loss
// chart side by side, with the epoch), as a WebM video through MediaRecorder on a canvas
// stream. A red indicator with the elapsed time shows while it records.

import { cssColor } from './theme.js';
import { download, showMessage } from './ui.js';
import { diagramPicture } from './export.js';

/** @type {(id: string) => any} */
const $ = (id) => document.getElementById(id);
/** Frames a second of the video. */
const FPS = 30;
/** A recording stops by itself after this long. */
const MAX_MS = 10 * 60 * 1000;
/** The whole view's frame, px. */
const VIEW = { width: 1280, height: 720, side: 470 };

/** The first WebM type this browser records. */
function webmType() {
  const types = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'];
  return types.find((t) => window.MediaRecorder?.isTypeSupported(t));
}

/** Draws `source` into the box (x, y, w, h) of `g`, scaled to fit and centred. */
function fit(g, source, x, y, w, h) {
  if (!source.width || !source.height) return;
  const k = Math.min(w / source.width, h / source.height);
  const [sw, sh] = [source.width * k, source.height * k];
  g.drawImage(source, x + (w - sw) / 2, y + (h - sh) / 2, sw, sh);
}

/** The diagram as the Export panel saves it, redrawn into one canvas each frame. */
const diagram = document.createElement('canvas');

/** One frame of the whole view: the diagram on the left, the boundary and the loss chart on
 * the right, the epoch and the losses on top. */
function drawView(g) {
  const { width, height, side } = VIEW;
  g.fillStyle = cssColor('background');
  g.fillRect(0, 0, width, height);
  const left = width - side - 30;
  fit(g, diagramPicture($('diagram'), diagram), 10, 50, left, height - 60);
  fit(g, $('boundary'), width - side - 10, 10, side, side);
  fit(g, $('loss-chart'), width - side - 10, side + 20, side, height - side - 30);
  g.fillStyle = cssColor('foreground');
  g.font = '600 26px system-ui, sans-serif';
  g.textBaseline = 'top';
  g.fillText(epochText(), 16, 14);
}

/** The line on top of the whole view's frames: what the top bar says. */
const epochText = () => `Epoch ${$('epoch').value}   test ${$('bar-test').value}   train ${$('bar-train').value}`;

export function createRecorder() {
  /** @type {{recorder: MediaRecorder, chunks: Blob[], start: number, timer: number, frame: number} | null} */
  let live = null;

  function start() {
    const type = webmType();
    if (!type) return showMessage('This browser cannot record video (no MediaRecorder for WebM).');
    const whole = $('record-what').value === 'view';
    const canvas = whole ? document.createElement('canvas') : $('boundary');
    let frame = 0;
    if (whole) {
      Object.assign(canvas, { width: VIEW.width, height: VIEW.height });
      const g = canvas.getContext('2d');
      const draw = () => {
        drawView(g);
        frame = requestAnimationFrame(draw);
      };
      draw();
    }
    const recorder = new MediaRecorder(canvas.captureStream(FPS), { mimeType: type });
    const chunks = [];
    recorder.ondataavailable = (e) => e.data.size && chunks.push(e.data);
    recorder.onstop = () => save(chunks, type);
    recorder.start(1000);
    live = { recorder, chunks, start: performance.now(), timer: setInterval(tick, 250), frame };
    show();
  }

  function stop() {
    if (!live) return;
    cancelAnimationFrame(live.frame);
    clearInterval(live.timer);
    live.recorder.stop();
    live = null;
    show();
  }

  function save(chunks, type) {
    const blob = new Blob(chunks, { type: type.split(';')[0] });
    if (!blob.size) return showMessage('The recording is empty: nothing was drawn while it ran.');
    download(
      `backprop-${$('record-what').value}-${new Date().toISOString().slice(0, 19).replaceAll(':', '-')}.webm`,
      blob,
    );
  }

  function tick() {
    if (!live) return;
    const ms = performance.now() - live.start;
    if (ms > MAX_MS) return stop();
    const s = Math.floor(ms / 1000);
    $('rec-time').textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }

  /** The button and the indicator for the current state. */
  function show() {
    $('record').textContent = live ? '■ Stop' : '● Record';
    $('record').setAttribute('aria-pressed', String(!!live));
    $('record-what').disabled = !!live;
    $('rec-indicator').hidden = !live;
    if (live) $('rec-time').textContent = '0:00';
  }

  function bind() {
    $('record').onclick = () => (live ? stop() : start());
  }

  return { bind, stop, recording: () => !!live };
}
