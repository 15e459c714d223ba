// @ts-check
// The built-in lessons: the seed as an interactive lecture, in its order. Each is a scene (a
// change to the default settings, sometimes exact weights, a sample and an open step), 2-5
// sentences for students in the seed's notation, the equations it is about (equations.js,
// numbered as in the seed), and "try this" prompts, some with a button that makes the change.
// Plain data: lesson-view.js shows a lesson, main.js applies its scene.
//
// The text here is the page's own and may use <sub>, <sup>, <b> and <i>; a teacher's lesson
// file is plain text and is never read as HTML.

const relu = (neurons) => ({ neurons, activation: 'relu' });
const sigmoid = (neurons) => ({ neurons, activation: 'sigmoid' });

/** Lesson 3's 2-3-1 network: round weights a class can check by hand. With x = (1, 2):
 * g⁽⁰⁾ = (2, 1, −1), y⁽⁰⁾ = (2, 1, 0), y⁽¹⁾ = 1; with Y = 3, L = 2 and ∂L/∂y⁽¹⁾ = −2. */
const HAND_NET = {
  loss: 'sum_of_squares',
  layers: [
    {
      activation: 'relu',
      w: [
        [1, -1, 0.5],
        [0.5, 1, -1],
      ],
      b: [0, 0, 0.5],
    },
    { activation: 'linear', w: [[1], [-1], [2]], b: [0] },
  ],
};

export const LESSONS = [
  {
    id: 'forward',
    title: 'Fig. 1 and the forward pass',
    settings: { dataset: 'gauss', hidden: [], outputActivation: 'tanh' },
    view: { panel: 'steps', phase: 'forward', step: 1 },
    equations: [1, 3, 4, 2],
    text: [
      'A layer j takes the inputs x<sup>(j)</sup><sub>m</sub> and gives each neuron n the sum g<sup>(j)</sup><sub>n</sub> = Σ<sub>m</sub> w<sup>(j)</sup><sub>m,n</sub> x<sup>(j)</sup><sub>m</sub> + b<sup>(j)</sup><sub>n</sub> (Eq. 3): every edge of the diagram is one weight w<sub>m,n</sub>.',
      'The activation f turns g into the output y<sup>(j)</sup><sub>n</sub> = f(g<sup>(j)</sup><sub>n</sub>) (Eq. 4). Here there is one layer, j = J = 0, with a tanh output: its tile shows y over the plane.',
      'Press → to go through Eq. 3 and Eq. 4 with the numbers of the circled point.',
    ],
    try: [
      {
        text: 'Add a hidden layer of 3 ReLU units (Eq. 2): the output of layer 0 becomes the input of layer 1, x⁽¹⁾ = y⁽⁰⁾. Step through the forward pass again.',
        patch: { hidden: [relu(3)] },
        label: 'Add the layer',
      },
      { text: "Click another point on the plane: the numbers in the step are that point's." },
    ],
  },
  {
    id: 'loss',
    title: 'The loss and where the backward pass starts',
    settings: { dataset: 'circle' },
    look: [{ selector: '#boundary', label: 'the points' }],
    view: { panel: 'steps', phase: 'backward', step: 1 },
    equations: [5, 6, 23],
    text: [
      'The loss L measures how far the output y<sup>(J)</sup> is from the target Y: with the sum of squares, L = ½ Σ<sub>n</sub> (y<sup>(J)</sup><sub>n</sub> − Y<sub>n</sub>)² (Eq. 5). Blue points have Y = +1, orange points Y = −1.',
      'The backward pass starts at the output with ∂L/∂y<sup>(J)</sup> = y<sup>(J)</sup> − Y (Eq. 6, written for the whole column as Eq. 23): the error itself.',
      'This is step 1 of Table 1. Press ← to see the loss of this sample, → to carry the error back.',
    ],
    try: [
      {
        text: 'Click a point the network gets wrong (its colour differs from the background): y − Y is large. Click one it gets right: y − Y is small.',
      },
      { text: 'Train a few epochs (Step ›) and look at this step again: the error shrinks.' },
    ],
  },
  {
    id: 'table-1',
    title: 'One backward pass, Table 1, by hand',
    settings: { dataset: 'gauss', hidden: [relu(3)], outputActivation: 'linear' },
    network: HAND_NET,
    sample: { x: [1, 2], Y: [3] },
    view: { panel: 'steps', phase: 'backward', step: 1 },
    equations: [23, 24, 26, 27, 25],
    text: [
      'A 2-3-1 network with round weights and the sample x = (1, 2), Y = 3, so that every number can be checked on the board. Forward: g⁽⁰⁾ = (2, 1, −1), y⁽⁰⁾ = (2, 1, 0) and y⁽¹⁾ = 1, so L = ½ (1 − 3)² = 2.',
      'Table 1 runs Eq. 23 once, then for j = J down to 0: Eq. 24, 26, 27 and, while j ≠ 0, Eq. 25, whose result is ∂L/∂y of the layer below (Eq. 10).',
      'Check by hand: ∂L/∂y⁽¹⁾ = −2, ∂L/∂w⁽¹⁾ = x⁽¹⁾ (−2) = (−4, −2, 0), ∂L/∂x⁽¹⁾ = w⁽¹⁾ (−2) = (−2, 2, −4). Unit 3 of layer 0 has g &lt; 0, so its ∂L/∂g is 0 and ∂L/∂w⁽⁰⁾ = [[−2, 2, 0], [−4, 4, 0]].',
    ],
    try: [
      { text: 'Press → through all 8 steps and compare each number with your own.' },
      { text: 'The last step applies the update with η = 0.03: on this sample L falls from 2 to about 0.40.' },
    ],
  },
  {
    id: 'dead-relu',
    title: 'Dead ReLUs: f′ = 0 stops the gradient',
    settings: { dataset: 'xor', hidden: [relu(4), relu(4)] },
    edits: [
      { j: 0, n: 1, b: -10 },
      { j: 0, m: 0, n: 1, w: 0.1 },
      { j: 0, m: 1, n: 1, w: 0.1 },
    ],
    look: [{ selector: '#gradients', label: 'the card of layer 0' }],
    equations: [2, 24],
    text: [
      'A ReLU passes the gradient where g ≥ 0 and blocks it where g &lt; 0: f′(g) is 1 or 0 (Eq. 2), and Eq. 24 multiplies ∂L/∂y by it.',
      'Unit 2 of layer 0 has the bias b<sub>2</sub><sup>(0)</sup> = −10: its g is below 0 for every point of the plane. Its tile is blank and marked dead, its column of ∂L/∂w⁽⁰⁾ is 0 for every sample, and training can never change it.',
      'The card of layer 0 under the network says this in one line.',
    ],
    try: [
      {
        text: "Click the dead unit's tile and set its bias b₂ to 1: it comes back to life, and its column of ∂L/∂w⁽⁰⁾ fills in.",
      },
      { text: 'Press Play: the other units learn xor while unit 2 stays dead.' },
    ],
  },
  {
    id: 'xor-needs-a-layer',
    title: 'XOR needs a hidden layer',
    settings: { dataset: 'xor', hidden: [] },
    equations: [1],
    text: [
      'With no hidden layer, the network is a single layer: y = f(wᵀx + b) (Eq. 1), and the boundary between y &gt; 0 and y &lt; 0 is the straight line wᵀx + b = 0.',
      'Exclusive or (XOR) puts blue in two opposite quadrants and orange in the other two: ' +
        'no straight line separates them.',
    ],
    try: [
      { text: 'Press Play: the test accuracy stays near 50% however long it trains.' },
      {
        text: 'Add a hidden layer of 8 ReLU units and press Play: the boundary bends, and xor is learned in a few epochs.',
        patch: { hidden: [relu(8)] },
        label: 'Add the layer',
      },
    ],
  },
  {
    id: 'circle-squares',
    title: 'A circle from x₁² and x₂²',
    settings: { dataset: 'circle', hidden: [], features: ['x1^2', 'x2^2'], outputActivation: 'linear', lr: 0.003 },
    equations: [1, 26],
    text: [
      'With no hidden layer and a linear output, y = w<sup>T</sup>x<sup>(0)</sup> + b (Eq. 1). Given x<sub>1</sub> and x<sub>2</sub>, the boundary y = 0 is a straight line, and no line separates a circle.',
      'Here the inputs are x<sub>1</sub><sup>2</sup> and x<sub>2</sub><sup>2</sup> instead (the input tiles show them): y = w<sub>1</sub>x<sub>1</sub><sup>2</sup> + w<sub>2</sub>x<sub>2</sub><sup>2</sup> + b is the equation of a circle when w<sub>1</sub> = w<sub>2</sub> &lt; 0 &lt; b. M<sup>(0)</sup> is still 2; only what x<sup>(0)</sup> holds has changed.',
      'Backpropagation does not change either: Eq. 26 gives ∂L/∂w<sup>(0)</sup> = x<sup>(0)</sup>(∂L/∂g<sup>(0)</sup>)<sup>T</sup>, whatever the features in x<sup>(0)</sup> are.',
    ],
    try: [
      {
        text: 'Press Play: within a few epochs the test accuracy passes 95%, with a single neuron. Hover its two edges: both weights are negative.',
      },
      {
        text: 'Go back to x₁ and x₂: the same single neuron can only draw a line.',
        patch: { features: ['x1', 'x2'] },
        label: 'Use x₁ and x₂',
      },
      {
        text: 'Give it sin x₁ as well: does its weight grow, or stay near 0?',
        patch: { features: ['x1^2', 'x2^2', 'sin(x1)'] },
        label: 'Add sin x₁',
      },
    ],
  },
  {
    id: 'softmax',
    title: 'Softmax and cross-entropy on 3 classes',
    settings: {
      dataset: 'blobs',
      classes: 3,
      hidden: [relu(8)],
      loss: 'softmax_cross_entropy',
      outputActivation: 'linear',
    },
    view: { panel: 'steps', phase: 'backward', step: 1 },
    equations: [28, 29, 31, 32],
    text: [
      'With one output per class, softmax turns the outputs y<sup>(J)</sup> into probabilities z<sub>n</sub> (Eq. 28), and cross-entropy is L = −Σ Y<sub>n</sub> ln z<sub>n</sub> (Eq. 29).',
      "Its gradient is as simple as the sum of squares': ∂L/∂y<sup>(J)</sup> = z − Y (Eq. 31), because the one-hot Y sums to 1 (Eq. 32).",
    ],
    try: [
      {
        text: 'Switch the loss to the sum of squares (one output per class): step 1 becomes y − Y (Eq. 23), the raw outputs minus the one-hot target.',
        patch: { loss: 'sum_of_squares', oneHot: true },
        label: 'Use sum of squares',
      },
      { text: 'Play both and compare how fast the test loss falls.' },
    ],
  },
  {
    id: 'vanishing',
    title: 'Vanishing gradients in a deep sigmoid net',
    settings: {
      dataset: 'circle',
      hidden: [sigmoid(8), sigmoid(8), sigmoid(8), sigmoid(8), sigmoid(8), sigmoid(8)],
      init: 'xavier',
      scale: 'network',
    },
    look: [
      { selector: '#gradients', label: 'the heatmaps' },
      { selector: '#norm-chart', label: 'the norm chart' },
    ],
    equations: [24, 25],
    text: [
      "A sigmoid's slope is at most ¼, so each Eq. 24 shrinks ∂L/∂g; Eq. 25 carries the result one layer down, where it shrinks again.",
      'The heatmaps share one colour scale for the whole network: the layers near the input fade to grey. The gradient-norm chart (log scale) shows the same as lines far apart.',
    ],
    try: [
      {
        text: "Press Play and watch the norm chart: ‖∂L/∂w⁽⁰⁾‖ stays orders of magnitude below the last layer's, and learning is slow.",
      },
      {
        text: 'Switch every hidden layer to ReLU, whose slope is 1 where the unit is on: the gradient reaches layer 0 undiminished.',
        patch: { hidden: [relu(8), relu(8), relu(8), relu(8), relu(8), relu(8)] },
        label: 'Use ReLU',
      },
    ],
  },
  {
    id: 'learning-rate',
    title: 'The learning rate: too small, right, too large',
    settings: { dataset: 'circle', outputActivation: 'linear', lr: 0.0001 },
    equations: ['update'],
    text: [
      'Each update moves every weight against its gradient: w ← w − η ∂L/∂w. The learning rate η is the size of that step.',
      'Too small, and the loss barely moves; too large, and each step overshoots, the loss grows, and the weights run off to ∞.',
    ],
    try: [
      { text: 'Press Play with η = 0.0001: the loss curve is nearly flat.' },
      { text: 'Set η = 0.03 and play again.', patch: { lr: 0.03 }, label: 'η = 0.03' },
      {
        text: 'Set η = 10: the run diverges within a few epochs. Then press Rescue: it goes back to a healthy state and picks a rate that trains.',
        patch: { lr: 10 },
        label: 'η = 10',
      },
    ],
  },
  {
    id: 'mini-batch',
    title: 'One sample, a mini-batch, the whole set',
    settings: { dataset: 'circle', gradView: 'batch', batch: 10 },
    look: [{ selector: '#gradients', label: 'the heatmaps' }],
    equations: ['batch', 'update'],
    text: [
      'The paper derives the gradient of one sample. Training averages it over a mini-batch of B samples: the batch gradient is the mean of the per-sample gradients, and one update uses it.',
      "The heatmaps now show the mean ∂L/∂w of the last batch. One sample's gradient is noisy; the mean of many is steadier, but each update costs more.",
    ],
    try: [
      {
        text: 'Batch size 1: one update per sample. Press Step › a few times and watch the heatmaps jump.',
        patch: { batch: 1, unit: 'batch' },
        label: 'B = 1',
      },
      { text: 'Batch size 10.', patch: { batch: 10, unit: 'batch' }, label: 'B = 10' },
      {
        text: 'The whole training set (250 points): one update per epoch, the exact gradient of the mean loss.',
        patch: { batch: 250, unit: 'batch' },
        label: 'B = 250',
      },
    ],
  },
];

export const lessonIndex = (id) => LESSONS.findIndex((l) => l.id === id);
