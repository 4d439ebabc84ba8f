package lotsim

import (
	"context"

	"github.com/lotsim/lotsim/optimise"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
)

// Optimise answers a commissioner's "how much, and which split?" for a
// scenario: with optimise.Split (the default), the split of today's pool
// across lots that meets every wait target in every contract year; with
// optimise.Money, the least extra money each contract year needs, and its
// split. Package optimise states the method and its guarantee. Date is
// left for the caller to set.
func Optimise(ctx context.Context, s *scenario.Scenario, opt optimise.Options) (*report.Optimise, error) {
	res, err := optimise.Run(ctx, s, opt)
	if err != nil {
		return nil, err
	}
	out, err := optimise.Report(s, res)
	if err != nil {
		return nil, err
	}
	out.Version = Version
	return out, nil
}
