// Package numfmt writes numbers for people: thousands separators, fixed
// decimal places and percentages. It is the one place lotsim does each of
// these, shared by funding's amounts of money, the root package's findings,
// internal/render's tables and charts, and the lotsim command. It parses
// nothing and knows nothing of money or scenarios, so it imports only the
// standard library.
package numfmt
