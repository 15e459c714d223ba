// @ts-check
// Opened from disk (file://), a browser will not load the page's ES modules or its wasm, and
// the page would stay blank. This classic script (file:// does run it) says what to open
// instead. The single-file build, dist/backprop-viz.html, needs no server and leaves it out.
if (location.protocol === 'file:') {
  const boot = document.getElementById('boot');
  boot.className = 'boot error';
  boot.textContent =
    'This copy of the page was opened from disk, and browsers do not load its modules from there. ' +
    'Open backprop-viz.html instead (the whole page in one file, in the same folder as this index.html), ' +
    'or serve this folder with any web server (for example: cargo xtask serve).';
}
