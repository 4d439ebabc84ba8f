// Package synth writes the records a service would hold if it ran as a
// scenario says: the case-level extract a case management system exports,
// one row a referral, generated from one replication of the scenario's
// simulation. It is for testing a fit of a scenario to records
// (lotsim fit): the records come with the parameters they were generated
// from (Truth), so a test can check that the fit recovers them.
//
// Generate runs the replication with simulate's trace hook
// (simulate.Options.Trace) and turns each simulated person's dates into a
// row; Records.WriteCSV writes the extract in the format the fit reads
// (referral_date, area, client_group, risk, lot, start_date, end_date,
// outcome, client_id).
//
// It stops there: it does not fit anything, read records, or add the
// errors and gaps of real extracts (mistyped dates, missing risk levels,
// duplicate rows). What it writes is what the engine simulated, no more.
package synth
