package lotsim

import (
	"fmt"
	"math/rand/v2"

	"github.com/lotsim/lotsim/scenario"
	"github.com/lotsim/lotsim/simulate"
)

// parameterSalt keeps the parameter draws' sources apart from any other
// source seeded by (seed, replication): the ASCII of "params".
const parameterSalt = 0x706172616d73

// parameterModels returns the hook that gives replication rep its own
// model, with every fitted figure of s drawn from its sampling
// distribution (scenario.FittedFigure.Draw) by a PCG seeded by (seed,
// rep), put into the file with scenario.Rewrite and built for
// horizon h; and the number of figures drawn. The error, wrapping
// scenario.ErrCannotSimulate, says that s has no fitted figure to draw.
//
// The hook is safe for concurrent use: it reads s's file and the figures
// and writes nothing shared.
func parameterModels(s *scenario.Scenario, h scenario.Horizon, seed uint64) (func(rep int) (*simulate.Model, error), int, error) {
	figs, skipped := scenario.FittedFigures(s)
	if len(figs) == 0 {
		msg := "the scenario has no fitted figure with a 95% interval in its comment to draw"
		if len(skipped) > 0 {
			msg += fmt.Sprintf(" (%d fitted figures state none: %s, %s)", len(skipped), skipped[0].Figure.Path, skipped[0].Reason)
		}
		return nil, 0, fmt.Errorf("%w: parameter uncertainty: %s; fit it to a service's records first (lotsim fit)", scenario.ErrCannotSimulate, msg)
	}
	data := s.Source()
	hook := func(rep int) (*simulate.Model, error) {
		r := rand.New(rand.NewPCG(seed, uint64(rep)^parameterSalt))
		var ovs []scenario.Override
		for _, f := range figs {
			ovs = append(ovs, f.Draw(r)...)
		}
		// As scenario.ApplyOverrides does, without parsing the original
		// file again for its digest: that would take a fifth of the time.
		out, err := scenario.Rewrite(s.File, data, ovs...)
		if err != nil {
			return nil, fmt.Errorf("the fitted figures drawn for replication %d: %w", rep, err)
		}
		d, err := scenario.Parse(fmt.Sprintf("%s with the fitted figures drawn for replication %d", s.File, rep), out)
		if err != nil {
			return nil, err
		}
		b, err := d.Build(h)
		if err != nil {
			return nil, fmt.Errorf("the fitted figures drawn for replication %d: %w", rep, err)
		}
		return b.Model, nil
	}
	return hook, len(figs), nil
}
