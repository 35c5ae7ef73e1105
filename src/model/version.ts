/** dealmath's version, as package.json says (a test holds them equal): every document names it. */
export const DEALMATH_VERSION = '0.1.0';
