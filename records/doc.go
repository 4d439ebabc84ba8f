// Package records reads a service's export of its referrals, a CSV file or
// an Excel workbook, into a compact, checked Extract, for fitting a
// scenario to it.
package records
