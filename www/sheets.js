// @ts-check
// Stylesheets loaded when first needed: index.html lists them disabled, so that the browser
// does not fetch them for the first screen (the step-through's, stepthrough*.css); a part
// loaded later turns them on. The single file has every stylesheet inlined and none disabled.

/** Turns on the disabled stylesheets whose name starts with `prefix`; resolves once they apply
 * (or failed to load: the part still works, unstyled). */
export function enableSheets(prefix) {
  const links = [...document.querySelectorAll('link[rel="stylesheet"][disabled]')].filter((l) =>
    (l.getAttribute('href') ?? '').startsWith(`www/${prefix}`),
  );
  return Promise.all(links.map(enable)).then(() => {});
}

/** @param {Element} link */
function enable(link) {
  return new Promise((resolve) => {
    link.addEventListener('load', resolve, { once: true });
    link.addEventListener('error', resolve, { once: true });
    link.removeAttribute('disabled');
  });
}
