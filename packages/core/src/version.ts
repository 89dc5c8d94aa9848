/** This package's version, written into files it makes (aggregates) so readers can check them. */
export const CASEPATH_VERSION = '0.1.0';
