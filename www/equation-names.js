// @ts-check
// The names of the seed's equations that a lesson file may list (equations.js writes each as
// MathML; a test checks that the two lists agree). A scene file is checked against these on
// the first screen, without the MathML, which loads with the lessons and the step-through.

export const EQUATION_NAMES = '1 2 3 4 5 6 10 23 24 25 26 27 28 29 31 32 update batch'.split(' ');
