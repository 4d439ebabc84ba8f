package lotsim

import (
	"context"

	"github.com/lotsim/lotsim/fit"
	"github.com/lotsim/lotsim/records"
	"github.com/lotsim/lotsim/scenario"
)

// FitOptions says how to read the records and what to fit.
type FitOptions struct {
	// Records are the reading options: the extract date (AsOf), the
	// workbook sheet, the date order of slash dates. Fit sets Areas and
	// Lots from the base scenario, so that every name is checked.
	Records records.Options
	// Fit are the fitting options: the period, the date of the start
	// state, stated periods.
	Fit fit.Options
}

// Fit reads a service's records (a CSV file or an .xlsx workbook of
// referrals, or of monthly counts) and fits base to them: see package
// fit. base must have been read by Load or Parse. A records file with
// problems gives a scenario.ErrorList naming each one's row and column;
// nothing fitted gives an error wrapping fit.ErrCannotFit.
func Fit(path string, base *scenario.Scenario, opt FitOptions) (*fit.Result, error) {
	ro := opt.Records
	ro.Areas, ro.Lots = base.Structure.Areas, nil
	for _, l := range base.Structure.Lots {
		ro.Lots = append(ro.Lots, l.Name)
	}
	ex, err := records.Read(path, ro)
	if err != nil {
		return nil, err
	}
	return fit.Fit(ex, base, opt.Fit)
}

// Backtest reads a service's case-level records and backtests s against
// them: see fit.RunBacktest. ro are the reading options; Backtest sets
// their Areas and Lots from s. A records file with problems gives a
// scenario.ErrorList; a start date outside the records an error wrapping
// fit.ErrCannotFit.
func Backtest(ctx context.Context, s *scenario.Scenario, path string, ro records.Options, opt fit.BacktestOptions) (*fit.Backtest, error) {
	ro.Areas, ro.Lots = s.Structure.Areas, nil
	for _, l := range s.Structure.Lots {
		ro.Lots = append(ro.Lots, l.Name)
	}
	ex, err := records.Read(path, ro)
	if err != nil {
		return nil, err
	}
	return fit.RunBacktest(ctx, s, ex, opt)
}
