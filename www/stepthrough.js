export function createStepThrough() { return { reset() {}, hashExtra: () => ({}), samplePicked() {}, key: () => false, open() {} }; }
