package records

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/lotsim/lotsim/scenario"
)

// sheet is a worksheet to build: its name and its cells, by reference.
type sheet struct {
	name  string
	cells map[string]any // "A1": value; time.Time is written as a date cell
}

// workbook builds an .xlsx file holding sheets, in order.
func workbook(t *testing.T, sheets ...sheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // 14: the built-in short date format, m/d/yyyy or the locale's
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for ref, v := range s.cells {
			if err := f.SetCellValue(s.name, ref, v); err != nil {
				t.Fatal(err)
			}
			if _, ok := v.(time.Time); ok {
				if err := f.SetCellStyle(s.name, ref, ref, dateStyle); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func caseHeader(cells map[string]any) map[string]any {
	for i, n := range []string{"referral_date", "area", "client_group", "risk", "lot", "start_date", "end_date", "outcome", "client_id"} {
		cells[string(rune('A'+i))+"1"] = n
	}
	return cells
}

func TestReadXLSX(t *testing.T) {
	t.Parallel()
	d := func(s string) Day { return DayOf(mustDate(s)) }
	serial := workbook(t, sheet{"Referrals", caseHeader(map[string]any{
		"A2": date(2024, 1, 3), "B2": "Stoke", "C2": "victim", "D2": "high", "E2": "IDVA", "F2": date(2024, 1, 4), "G2": date(2024, 3, 28), "H2": "completed", "I2": 1001,
		// row 3 left empty: a spreadsheet still numbers the next row 4
		"A4": date(2024, 2, 29), "B4": "Staffs", "C4": "Child_Family", "E4": "Community", "H4": "waiting",
		"A5": 45350.5, "E5": "Community", // a serial written as a plain number, with a time of day: 2024-02-28 12:00
	})})
	text := workbook(t, sheet{"Notes", map[string]any{"A1": "this sheet is not the data"}},
		sheet{"Referrals", caseHeader(map[string]any{
			"A2": "31/01/2024", "E2": "IDVA", "F2": "14/02/2024", "H2": "open",
			"A3": "01/02/2024", "E3": "IDVA", "F3": "15/02/2024", "G3": "2024-03-01", "H3": "completed", // an ISO column may sit beside UK ones
		})})

	t.Run("serial dates", func(t *testing.T) {
		t.Parallel()
		ex, err := ReadXLSX("refs.xlsx", bytes.NewReader(serial), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := []Referral{
			{Row: 2, Referred: d("2024-01-03"), Start: d("2024-01-04"), End: d("2024-03-28"), Area: 0, Group: 0, Lot: 0, Risk: 2, Outcome: Completed, Client: hashID("1001")},
			{Row: 4, Referred: d("2024-02-29"), Start: NoDay, End: NoDay, Area: 1, Group: 1, Lot: 1, Risk: -1, Outcome: Waiting},
			{Row: 5, Referred: d("2024-02-28"), Start: NoDay, End: NoDay, Area: -1, Group: -1, Lot: 1, Risk: -1, Outcome: Waiting},
		}
		if diff := cmp.Diff(want, ex.Referrals); diff != "" {
			t.Errorf("referrals (-want +got):\n%s", diff)
		}
		if !cmp.Equal(ex.Groups, []string{"victim", "child_family"}) || ex.AsOf != d("2024-03-28") {
			t.Errorf("groups %q, as of %v", ex.Groups, ex.AsOf)
		}
	})
	t.Run("text dates on a named sheet", func(t *testing.T) {
		t.Parallel()
		ex, err := ReadXLSX("refs.xlsx", bytes.NewReader(text), Options{Sheet: "referrals"})
		if err != nil {
			t.Fatal(err)
		}
		if len(ex.Referrals) != 2 || ex.Referrals[0].Referred != d("2024-01-31") || ex.Referrals[0].Start != d("2024-02-14") ||
			ex.Referrals[1].Referred != d("2024-02-01") || ex.Referrals[1].End != d("2024-03-01") {
			t.Errorf("referrals %+v", ex.Referrals)
		}
	})
	t.Run("the first sheet by default", func(t *testing.T) {
		t.Parallel()
		_, errs := readXLSXErrs(t, text, Options{})
		checkErrs(t, errs, []want{
			{0, 0, "", "no referrals: the file has a header but no rows below it", ErrNoReferrals},
			{1, 0, "referral_date", `no column "referral_date"`, ErrBadHeader},
			{1, 1, "this sheet is not the data", "unknown column", ErrBadHeader},
		})
	})
	t.Run("unknown sheet", func(t *testing.T) {
		t.Parallel()
		_, errs := readXLSXErrs(t, text, Options{Sheet: "Referals"})
		checkErrs(t, errs, []want{{0, 0, "", `the workbook has no sheet "Referals"; did you mean "Referrals"? (its sheets: "Notes" or "Referrals")`, ErrFormat}})
	})
	t.Run("bad cells", func(t *testing.T) {
		t.Parallel()
		b := workbook(t, sheet{"S", caseHeader(map[string]any{
			"A2": 60.0, "H2": "waiting", // 1900-02-29, a day Excel counts and the calendar lacks
			"A4": date(2024, 1, 3), "F4": "02/01/2024", "H4": "open",
			"A5": date(2024, 1, 3), "F5": "01/13/2024", "H5": "open",
		})})
		_, errs := readXLSXErrs(t, b, Options{})
		checkErrs(t, errs, []want{
			{2, 1, "referral_date", `"60" is not a date`, ErrBadValue},
			{5, 6, "start_date", `"01/13/2024" is month/day/year (US) order`, ErrDateOrder},
		})
	})
	t.Run("counts", func(t *testing.T) {
		t.Parallel()
		b := workbook(t, sheet{"S", map[string]any{
			"A1": "Month", "B1": "Area", "C1": "Client_group", "D1": "Risk", "E1": "Referrals",
			"A2": date(2024, 1, 1), "B2": "Stoke", "C2": "victim", "D2": "high", "E2": 12,
			"A3": "2024-02", "B3": "Stoke", "C3": "victim", "D3": "high", "E3": 0,
			"A4": date(2024, 3, 1), "B4": "Stoke", "C4": "victim", "D4": "high", "E4": 7.0,
		}})
		ex, err := ReadXLSX("counts.xlsx", bytes.NewReader(b), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want := []MonthCount{
			{Row: 2, Month: d("2024-01-01"), Risk: 2, Referrals: 12},
			{Row: 3, Month: d("2024-02-01"), Risk: 2, Referrals: 0},
			{Row: 4, Month: d("2024-03-01"), Risk: 2, Referrals: 7},
		}
		if diff := cmp.Diff(want, ex.Counts); diff != "" || ex.Kind != Counts || ex.AsOf != d("2024-03-31") {
			t.Errorf("counts (-want +got):\n%s\nkind %v as of %v", diff, ex.Kind, ex.AsOf)
		}
	})
	t.Run("not a workbook", func(t *testing.T) {
		t.Parallel()
		_, errs := readXLSXErrs(t, []byte("referral_date\n2024-01-01\n"), Options{})
		checkErrs(t, errs, []want{{0, 0, "", "not an Excel workbook (.xlsx) that can be opened", ErrFormat}})
	})
	t.Run("by path", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "Refs.XLSX")
		if err := os.WriteFile(path, serial, 0o600); err != nil {
			t.Fatal(err)
		}
		ex, err := Read(path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if ex.File != "Refs.XLSX" || ex.Rows != 3 || strings.Contains(ex.File, string(filepath.Separator)) {
			t.Errorf("file %q, %d rows", ex.File, ex.Rows)
		}
	})
}

func readXLSXErrs(t *testing.T, data []byte, opt Options) (*Extract, scenario.ErrorList) {
	t.Helper()
	ex, err := ReadXLSX("refs.xlsx", bytes.NewReader(data), opt)
	if err == nil {
		t.Fatal("no error")
	}
	var list scenario.ErrorList
	if ex != nil || !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("error %T %v, extract %v", err, err, ex)
	}
	return nil, list
}
