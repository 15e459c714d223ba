// @ts-check
// Whether this browser can run the page's wasm. The module is built with SIMD (simd128), which
// browsers have had since 2021-2023, and a browser's security settings can turn WebAssembly
// off altogether. Either way the page says so in words a teacher can act on, instead of the
// compiler's "invalid opcode".

/** The smallest module with a SIMD instruction: one function () → v128 whose body is
 * i8x16.splat (i32.const 0). */
const SIMD_PROBE = new Uint8Array([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
  ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b], // type section: one type, () → v128
  ...[0x03, 0x02, 0x01, 0x00], // function section: one function, of type 0
  ...[0x0a, 0x08, 0x01, 0x06, 0x00], // code section: one body of 6 bytes, no locals
  ...[0x41, 0x00, 0xfd, 0x0f, 0x0b], // i32.const 0, i8x16.splat, end
]);

/** Why this browser cannot run the page, or null if it can. */
export function unsupported() {
  if (typeof WebAssembly !== 'object')
    return (
      'this browser runs no WebAssembly, which the visualizer is made of. ' +
      'Its security settings may have turned WebAssembly off (ask for this site to be allowed), ' +
      'or it is older than 2021: open the page in a current Chrome, Edge, Firefox or Safari.'
    );
  if (!WebAssembly.validate(SIMD_PROBE))
    return (
      "this browser's WebAssembly lacks SIMD, which the visualizer uses: " +
      'Chrome and Edge have it since version 91, Firefox since 89, Safari since 16.4. ' +
      'Open the page in a current browser.'
    );
  return null;
}
