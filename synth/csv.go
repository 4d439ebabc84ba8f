package synth

import (
	"encoding/csv"
	"fmt"
	"io"

	"github.com/lotsim/lotsim/funding"
)

// header is the extract's header row; client_id only with client ids.
var header = []string{"referral_date", "area", "client_group", "risk", "lot", "start_date", "end_date", "outcome", "client_id"}

// WriteCSV writes the records as a CSV file with a header row:
// referral_date, area, client_group, risk, lot, start_date, end_date,
// outcome and, if the records have client ids, client_id. Dates are ISO
// (YYYY-MM-DD); a date not reached is blank.
func (r *Records) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cols := header
	if !r.ClientIDs {
		cols = header[:len(header)-1]
	}
	if err := cw.Write(cols); err != nil {
		return fmt.Errorf("synth: writing the header: %w", err)
	}
	date := func(d funding.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	rec := make([]string, len(cols))
	for i, row := range r.Rows {
		rec[0], rec[1], rec[2], rec[3], rec[4] = date(row.Referral), row.Area, row.ClientGroup, row.Risk, row.Lot
		rec[5], rec[6], rec[7] = date(row.Start), date(row.End), row.Outcome
		if r.ClientIDs {
			rec[8] = row.ClientID
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("synth: writing row %d: %w", i+2, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("synth: writing the records: %w", err)
	}
	return nil
}
