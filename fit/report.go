package fit

// Estimate is a fitted figure with its 95% confidence interval, in plain
// numbers: shares and growth as fractions (0.03 for 3%), times in days,
// referrals a year as a count.
type Estimate struct {
	Estimate float64 `json:"estimate"`
	Lo       float64 `json:"ci_lo"`
	Hi       float64 `json:"ci_hi"`
}

// Report is what Fit found: each stream's demand, each lot's case length,
// patience and drop-out, the start state, and what the fitted scenario
// could not hold. Its JSON field names are part of lotsim's output format.
type Report struct {
	// Records describes the extract fitted.
	Records Source `json:"records"`
	// Base is the base scenario's file name.
	Base string `json:"base"`
	// Streams are the demand streams (area × client group) the records
	// hold, in the base scenario's order, then any it lacks.
	Streams []StreamFit `json:"streams"`
	// Seasonality is the shared monthly pattern, when the records cover
	// at least two whole years; nil otherwise (the base's is kept).
	Seasonality *SeasonFit `json:"seasonality"`
	// Shocks are the fitted multipliers of the base's shocks and of the
	// stated periods that fall in the records.
	Shocks []ShockFit `json:"shocks"`
	// Lots are the base scenario's lots, in its order.
	Lots []LotFit `json:"lots"`
	// StateAt is the date of the start state each LotFit gives.
	StateAt string `json:"state_at"`
	// Written lists the figures the fitted scenario sets, by path.
	Written []string `json:"written"`
	// LeftOut lists what was fitted but the fitted scenario could not
	// hold, and why: seasonality per stream, case length by risk, a key
	// the base file lays out in a block.
	LeftOut []string `json:"left_out"`
	// Notes are the caveats a reader of the figures needs: rows left
	// out and why, figures the data could not give.
	Notes []string `json:"notes"`
}

// Source describes the records fitted, without any person's data or a
// full path.
type Source struct {
	File   string `json:"file"`   // base name
	SHA256 string `json:"sha256"` // of the file's bytes
	Kind   string `json:"kind"`   // "cases" or "monthly counts"
	Rows   int    `json:"rows"`   // data rows
	From   string `json:"from"`   // first day of the period fitted
	To     string `json:"to"`     // the extract date (as of)
}

// StreamFit is the demand of one area and client group.
type StreamFit struct {
	Area        string `json:"area"`
	ClientGroup string `json:"client_group"`
	// Referrals is the number of referrals in the records.
	Referrals int `json:"referrals"`
	// ReferralsPerYear is the rate at the start of the records' period
	// (Source.From), repeats included, with growth compounding from
	// there, as the scenario format reads referrals_per_year.
	ReferralsPerYear Estimate `json:"referrals_per_year"`
	// Growth is the yearly growth, compounding (0.03 for 3% a year); nil
	// when the records are too short to tell a trend from the seasons.
	Growth *Estimate `json:"growth"`
	// TrendP is the p-value of a test that there is no trend (Wald, with
	// the dispersion allowed for); small means the trend is real.
	TrendP *float64 `json:"trend_p"`
	// Dispersion is the Pearson chi-squared over its degrees of freedom
	// of the demand model: above 1, the counts vary more than Poisson
	// and every interval has been widened by its square root.
	Dispersion float64 `json:"dispersion"`
	// RiskMix is the share of referrals at each risk level, among those
	// whose risk is known; UnknownRisk counts the others.
	RiskMix     []RiskShare `json:"risk_mix"`
	UnknownRisk int         `json:"unknown_risk"`
	// AreaShare is the stream's share of its client group's referrals
	// (the area split).
	AreaShare Estimate `json:"area_share"`
	// RepeatShare is the share of referrals that are of a person referred
	// in the 12 months before; nil without client ids.
	RepeatShare *Estimate `json:"repeat_share"`
	// Months are the observed and fitted referrals of each calendar
	// month, for the chart of fitted against observed.
	Months []MonthFit `json:"months"`
}

// RiskShare is one risk level's share of a stream's referrals.
type RiskShare struct {
	Risk      string   `json:"risk"`
	Referrals int      `json:"referrals"`
	Share     Estimate `json:"share"`
}

// MonthFit is one calendar month of a stream: referrals observed and the
// fitted model's expected referrals, with the range (5th to 95th
// percentile) the model gives a month's count.
type MonthFit struct {
	Month    string  `json:"month"` // YYYY-MM
	Days     int     `json:"days"`  // days of the month in the records' period
	Observed int     `json:"observed"`
	Fitted   float64 `json:"fitted"`
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
}

// SeasonFit is the monthly pattern shared by every stream: twelve
// multipliers, January to December, averaging 1.
type SeasonFit struct {
	Multipliers []Estimate `json:"multipliers"`
}

// ShockFit is a period whose referrals differ from the trend and seasons
// by a multiplier.
type ShockFit struct {
	Name       string   `json:"name"`
	From       string   `json:"from"`
	To         string   `json:"to"`
	Multiplier Estimate `json:"multiplier"`
	// InBase is true for a shock of the base scenario, whose multiplier
	// the fitted scenario sets.
	InBase bool `json:"in_base"`
}

// LotFit is what the records say about one lot.
type LotFit struct {
	Name     string `json:"name"`
	Delivery string `json:"delivery"`
	// Referrals, Started count the lot's rows and those who started.
	Referrals int `json:"referrals"`
	Started   int `json:"started"`
	// CaseLengthMeanDays is the mean of the distribution case lengths are
	// drawn from (the full planned length, which drop-outs cut short);
	// nil for group work (the programme's length is the scenario's) or
	// too few completed cases.
	CaseLengthMeanDays *Estimate `json:"case_length_mean_days"`
	// CaseLength is the chosen family and its alternatives.
	CaseLength *DistFit `json:"case_length"`
	// CaseLengthByRisk fits each risk level with enough cases on its own.
	CaseLengthByRisk []RiskDist `json:"case_length_by_risk"`
	// PatienceMeanDays is the mean time people wait before giving up,
	// pooled over the lot's client groups; nil when no one gave up.
	PatienceMeanDays *Estimate `json:"patience_mean_days"`
	// Patience is the fit for each client group.
	Patience []GroupDist `json:"patience"`
	// DropOutShare is the share of those who start who leave before the
	// end, pooled over client groups; nil when no one started long enough
	// ago.
	DropOutShare *Estimate `json:"drop_out_share"`
	// DropOut is the share for each client group.
	DropOut []GroupShare `json:"drop_out"`
	// State is the lot's open cases and waiting list at Report.StateAt.
	State []RiskState `json:"state"`
}

// DistFit is a distribution fitted by maximum likelihood with
// right-censoring, and how well it fits.
type DistFit struct {
	Family string  `json:"family"`
	Mean   float64 `json:"mean_days"`
	SD     float64 `json:"sd_days"`
	// N is the people fitted, Events those whose time ended in the
	// records (the rest are censored: still open or waiting).
	N      int `json:"n"`
	Events int `json:"events"`
	// Candidates are every family tried, best (lowest AIC) first.
	Candidates []Candidate `json:"candidates"`
	// GoF tests the chosen family.
	GoF GoF `json:"goodness_of_fit"`
	// QQ sets the records' quantiles (Kaplan–Meier) against the fitted
	// family's.
	QQ []QQPoint `json:"qq"`
	// Note says why the family chosen is not the lowest AIC's, if it is
	// not (the scenario format cannot hold that family).
	Note string `json:"note,omitempty"`
}

// Candidate is one family fitted to the same times.
type Candidate struct {
	Family string  `json:"family"`
	AIC    float64 `json:"aic"`
	Mean   float64 `json:"mean_days"`
	SD     float64 `json:"sd_days"`
}

// GoF is a goodness-of-fit test of a fitted family.
type GoF struct {
	Method    string  `json:"method"`
	Statistic float64 `json:"statistic"`
	DF        int     `json:"df"`
	P         float64 `json:"p"`
}

// QQPoint is one quantile: the records' and the fitted family's, in days.
type QQPoint struct {
	P        float64 `json:"p"`
	Observed float64 `json:"observed"`
	Fitted   float64 `json:"fitted"`
}

// RiskDist is a fit for one risk level.
type RiskDist struct {
	Risk     string   `json:"risk"`
	MeanDays Estimate `json:"mean_days"`
	Fit      DistFit  `json:"fit"`
}

// GroupDist is a fit for one client group.
type GroupDist struct {
	ClientGroup string    `json:"client_group"`
	MeanDays    *Estimate `json:"mean_days"`
	Fit         *DistFit  `json:"fit"`
	// GaveUp and Waited count those who gave up and all who waited.
	GaveUp int `json:"gave_up"`
	Waited int `json:"waited"`
	// Note explains a missing fit (no one gave up: the mean is at least
	// LowerBound days).
	Note       string   `json:"note,omitempty"`
	LowerBound *float64 `json:"lower_bound_days,omitempty"`
}

// GroupShare is a share for one client group.
type GroupShare struct {
	ClientGroup string   `json:"client_group"`
	Share       Estimate `json:"share"`
	// Of is the starters the share is of; Left those who dropped out.
	Of   int `json:"of"`
	Left int `json:"left"`
}

// RiskState is a lot's open cases and waiting list at one risk level
// ("unknown" for rows without a risk).
type RiskState struct {
	Risk      string `json:"risk"`
	OpenCases int    `json:"open_cases"`
	Waiting   int    `json:"waiting"`
}
