// @ts-check
// A clear error for a call on a freed wasm object, instead of "null pointer passed to rust".

/** wasm-bindgen's objects hold their address in `__wbg_ptr`, 0 once freed; a call on a freed
 * one (or with one as an argument) would reach Rust as a null pointer. Every method and
 * getter of these classes checks first, and throws "this Network was freed". */
export function guardFreed(classes) {
  for (const cls of classes) {
    for (const [key, desc] of Object.entries(Object.getOwnPropertyDescriptors(cls.prototype))) {
      if (key === 'constructor' || key === 'free') continue;
      if (typeof desc.value === 'function') desc.value = checked(desc.value, cls.name, classes);
      if (desc.get) desc.get = checked(desc.get, cls.name, classes);
      Object.defineProperty(cls.prototype, key, desc);
    }
  }
}

function checked(method, name, classes) {
  // `arguments`, not a rest array: the page calls these every frame, and this allocates nothing.
  return function () {
    if (!this.__wbg_ptr) throw new Error(`this ${name} was freed`);
    for (let i = 0; i < arguments.length; i++) {
      const a = arguments[i];
      if (typeof a !== 'object' || a === null) continue;
      const cls = classes.find((c) => a instanceof c);
      if (cls && !a.__wbg_ptr) throw new Error(`the ${cls.name} passed in was freed`);
    }
    return method.apply(this, arguments);
  };
}
