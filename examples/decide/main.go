// Command decide answers the decisions the committees in the source
// documents faced, with lotsim.Optimise:
//
//   - Staffordshire 2023: how much money a year would hold the targets,
//     year by year, when support stays at flat cash?
//   - Rotherham 2021: is the £150,000 added enough?
//   - Essex 2025: how should the pooled fund be split across the lots, and
//     how if the Ministry of Justice's grant is withdrawn?
//
// Run it from the repository root (it takes a few minutes):
//
//	go run ./examples/decide
//
// or give one question's number (1, 2, 3 or 4) to answer that alone. Each
// answer is what `lotsim optimise` prints in full; the command for it is
// printed above the answer.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/lotsim/lotsim"
	"github.com/lotsim/lotsim/optimise"
	"github.com/lotsim/lotsim/report"
	"github.com/lotsim/lotsim/scenario"
)

// question is one decision: the scenario, changes to it, and the goal.
type question struct {
	title   string
	file    string
	set     []string
	goal    optimise.Goal
	command string
}

var questions = []question{
	{title: "Staffordshire 2023: the money that holds the targets, year by year",
		file: "scenarios/staffordshire-2023.yaml", goal: optimise.Money,
		command: "lotsim optimise --goal money scenarios/staffordshire-2023.yaml"},
	{title: "Rotherham 2021: is the £150,000 enough?",
		file: "scenarios/rotherham-2021.yaml", goal: optimise.Money,
		command: "lotsim optimise --goal money scenarios/rotherham-2021.yaml"},
	{title: "Essex 2025: the split of the pooled fund",
		file: "scenarios/essex-2025.yaml", goal: optimise.Split,
		command: "lotsim optimise scenarios/essex-2025.yaml"},
	{title: "Essex 2025: the split if the MoJ grant is withdrawn",
		file: "scenarios/essex-2025.yaml", goal: optimise.Split,
		set:     []string{"funders[Essex PFCC (Victims Fund)].status={stopping: 2025/26}"},
		command: "lotsim optimise --set 'funders[Essex PFCC (Victims Fund)].status={stopping: 2025/26}' scenarios/essex-2025.yaml"},
}

func main() {
	only := flag.Int("question", 0, "answer only question `n` (1 to 4)")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *only); err != nil {
		fmt.Fprintln(os.Stderr, "decide:", err)
		os.Exit(1)
	}
}

// run answers the questions (only: one of them, 0 for all) on w.
func run(ctx context.Context, w io.Writer, only int) error {
	for n, q := range questions {
		if only != 0 && only != n+1 {
			continue
		}
		r, err := answer(ctx, q)
		if err != nil {
			return fmt.Errorf("%s: %w", q.title, err)
		}
		fmt.Fprintf(w, "%d. %s\n   $ %s\n\n%s\n\n", n+1, q.title, q.command, indent(wrap(r.Summary, 76), "   "))
		if q.goal == optimise.Money {
			for k, y := range r.Years {
				fmt.Fprintf(w, "   %-26s needs %15s, has %15s: %s more\n", y, r.NeededMoney[k], r.TodayMoney[k], r.ExtraMoney[k])
			}
		} else {
			for i, l := range r.Plan.Lots {
				fmt.Fprintf(w, "   %-28s today %15s, plan %15s\n", l.Name, r.Current.Lots[i].Money, l.Money)
			}
		}
		fmt.Fprintln(w)
	}
	return nil
}

// answer loads the question's scenario, applies its changes and runs the
// optimiser.
func answer(ctx context.Context, q question) (*report.Optimise, error) {
	s, err := scenario.LoadValid(q.file)
	if err != nil {
		return nil, err
	}
	if len(q.set) > 0 {
		var ovs []scenario.Override
		for _, v := range q.set {
			o, err := scenario.ParseOverride(v)
			if err != nil {
				return nil, err
			}
			ovs = append(ovs, o)
		}
		if s, err = scenario.ApplyOverrides(s.File, s.Source(), ovs...); err != nil {
			return nil, err
		}
		if err := s.Validate(); err != nil {
			return nil, err
		}
	}
	return lotsim.Optimise(ctx, s, optimise.Options{Goal: q.goal})
}

// wrap breaks s into lines of at most width runes at spaces.
func wrap(s string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
			lines = append(lines, line)
			line = word
			continue
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}

// indent puts prefix before every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
