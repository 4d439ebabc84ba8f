// Package render renders the lotsim runner's results for the people who
// read them: commissioning analysts at a terminal, and scrutiny
// committees reading a paper or a printed page. It renders data it is
// given and knows nothing of scenarios or simulation, so it depends on no
// other lotsim package but funding (for money cells) and internal/numfmt
// (for thousands separators and fixed places).
//
// # Tables and documents
//
// A [Table] (title, columns with a kind and alignment, rows of [Cell]s,
// notes) renders as aligned text ([Table.WriteText]), a GitHub pipe table
// ([Table.WriteMarkdown]) with every character that Markdown would read as
// markup escaped, or RFC 4180 CSV ([Table.WriteCSV]). Each cell has a
// form for people ("£2,157,000.00") and one for machines ("2157000.00");
// CSV holds the second. [WriteTidyCSV] writes results in long form, one
// row per lot, risk, client group, area, year and metric, with value,
// ci_lo and ci_hi
// columns. JSON is left to callers' own structs.
//
// A [Document] is a title, a [Provenance] and sections of blocks:
// [Paragraph], [Findings] (a bullet list), [Table] and [Chart]. It renders
// as text, Markdown or one self-contained HTML page: inline CSS and SVG,
// no scripts, nothing fetched from the network (a Content-Security-Policy
// forbids it), printable on A4 in black on white with sections starting
// new pages and tables kept whole. Every form begins with the provenance
// block: scenario name, file and SHA-256, seed, replications, lotsim
// version and date. CSV carries the same facts as extra columns on every
// record when given a Provenance, so that the file stays plain RFC 4180.
// The package never reads the clock; the caller supplies the date.
//
// # Charts
//
// Charts are drawn by hand as small SVG with fixed one-decimal
// coordinates, so that output is byte-for-byte stable: [BarChart]
// (grouped or stacked bars with optional overlay lines: funding by funder
// and year, cash against real terms), [BarMarkerChart] (a bar against a
// marker), [RatioChart] (labelled bars against a 100% line: expected
// demand as a share of each lot's capacity), [BandChart] (a median line
// over a percentile band: the waiting list over time), [HistogramChart]
// (distributions in stacked panels, each on its own scale, with
// labelled reference lines: waiting times per risk level and their
// targets), [IntervalChart] (estimates with confidence-interval whiskers
// across zero, their figures written beside them: paired differences for
// compare) and [TornadoChart] (one-at-a-time sensitivity around a
// baseline). Axes use 1-2-5 steps; series use Okabe and Ito's
// colour-blind-safe palette, each risk level has one colour in every
// chart ([RiskColour]), row labels wrap rather than being cut short, and
// where colour alone would carry meaning a shape or label carries it
// too. Each SVG has a <title> and
// <desc>, and each chart lists its figures as a Table ([Chart.Data]),
// which the text and Markdown forms show in its place. Charts never fail:
// empty data draws a frame that says so, NaN values are skipped with a
// note saying how many, and degenerate ranges get a usable axis.
//
// # Writing files
//
// [WriteFileAtomic] replaces one file all at once (temporary file in the
// same directory, sync, rename). [WriteReportDir] writes a set of files as
// a report directory that is never seen half-written: it builds the
// directory beside its destination and renames it into place, replacing
// an existing directory only if it is empty or a report the function
// wrote itself (recognised by its [ManifestName] manifest of SHA-256
// sums), and otherwise failing with [ErrNotReportDir]. Its temporary
// directories carry the writer's process ID; [RemoveStale] (called by
// every write) removes those a killed writer left behind.
//
// # Where it stops
//
// The package does no statistics and no money arithmetic: percentiles,
// intervals and totals arrive computed, and the caller chooses how many
// decimals to show. It measures no fonts; label widths are estimated and
// long labels shortened with an ellipsis (the full text is kept as a
// tooltip). Bad input is never a panic: a table whose rows do not match
// its columns is an error wrapping [ErrTable].
package render
