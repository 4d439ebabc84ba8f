// Package scenario reads a commissioning scenario, written in YAML, into
// the Go values of packages funding (money, funders, contracts) and
// lotting (lots, demand, routing), checks that they make a whole, and maps
// them onto package simulate's model. Load and Parse return a *Scenario;
// Validate checks one built in Go the way Load checks a file;
// Scenario.Findings lists the figures that do not reconcile;
// Scenario.LotFunding splits a year's pool between the lots, and
// Scenario.Earmarks that money into the parts funders earmark and the
// general rest (Scenario.EarmarkShortfalls lists earmarks the allocation
// does not meet, which Load and Validate refuse); Scenario.Model
// and Scenario.Build turn it into the engine's input. ApplyOverrides reads a
// file with values changed, as the runner's --set and --vary do, and
// InputChanges lists the values in which two files differ. Figures lists
// every quantity in a file with what its comments say it rests on
// (sourced, derived, fitted, assumed or unmarked) and any range they state.
//
// It stops there: budgets, simulations and the analyses built on them are
// package lotsim's (the module's root), which calls this package.
//
// # Errors
//
// A scenario is decoded strictly, and every problem in a file is reported
// together, as an ErrorList sorted by position. Each *Error names
// the file, line, column and field path, and says what would be valid:
//
//	staffs.yaml:14:33: funders[2].contributions[0].amount: "£-5,0": not an amount of money (write pounds like 2157000, 2157000.50, £2,157,000, £451k or £1.5m)
//	staffs.yaml:21:5: contracts[0].initial_trem: unknown key "initial_trem"; did you mean "initial_term"? (valid keys: name, start, initial_term, ...)
//	staffs.yaml:40:5: lots[1]: no referral reaches lot "IDVA": no routing rule names it; ...
//
// Figures that are valid but disagree with each other, such as a stated
// total that is not the sum of the contributions, are not errors: a
// scenario records what documents state, and Findings reports the
// disagreement.
//
// # The scenario format (v1)
//
// A scenario file is one YAML document, at most MaxFileSize bytes, with no
// anchors, aliases or explicit tags. Unknown keys are errors. Values are
// written as commissioning documents write them:
//
//   - money as funding.ParseMoney reads it: 2157000, "£2,157,000",
//     2157000.50, £451k, £1.5m (quote amounts with commas inside a flow
//     mapping {...}); never to a fraction of a penny;
//   - percentages with a % sign: 31%, 2.5%;
//   - dates as YYYY-MM-DD and financial years as 2018/19;
//   - durations as a whole number and a unit: 5 years, 6 months, 4 weeks,
//     110 days;
//   - times inside distributions as a number and a unit, in days, weeks,
//     months or years (a month is 365.25/12 days), or, for the front door's
//     handling time only, minutes and hours: 2.5 days, 45 minutes.
//
// The keys, with their defaults:
//
//	name: Staffordshire and Stoke-on-Trent, 2018 contract   # required
//	description: free text                                  # optional
//	base_year: 2018/19               # price base for real terms; required
//	areas: [Staffordshire, Stoke-on-Trent]                  # required, unique
//	funders:                         # required, at least one
//	  - name: Staffordshire County Council                  # required, unique
//	    source: council core budget  # optional
//	    lead: false                  # optional; at most one funder leads
//	    stated_share: 31%            # optional, as a document states it
//	    status: confirmed            # default; or {at_risk: 10%} (chance a year of withdrawal)
//	                                 #   or {stopping: 2024/25} (first year with no money)
//	    contributions:               # this, or annual, is required
//	      - {year: 2018/19, amount: "£670,490"}
//	    # annual: {amount: "£670,490", from: 2018/19, to: 2022/23}
//	    earmark: {lot: Perpetrators, share: 100%}   # optional: money tied to a lot or an area;
//	                                 #   or amount: "£75,000"; or area: NAME
//	    # earmarks:                  # several, in place of earmark:
//	    #   - {lot: Perpetrators, share: 50%}
//	    #   - {area: Stoke-on-Trent, amount: "£50,000", from: 2019/20, to: 2020/21}
//	stated:                          # optional: figures for reconciliation
//	  annual_total: "£2,157,000"
//	  year: 2018/19                  # default: the pool's first year
//	inflation:                       # optional; default 0% a year
//	  default: 2%
//	  rates: {2018/19: 2.5%, 2019/20: 1.8%}
//	contracts:                       # required, at least one
//	  - name: New Era                # required, unique
//	    start: 2018-10-01            # required
//	    initial_term: 2 years        # required
//	    extensions:                  # optional, taken in order
//	      - {length: 2 years, taken: true, stated_from: 2020-09-30, stated_until: 2023-09-30}
//	    stated_end: 2023-09-30       # optional, checked by Findings
//	    notice: 6 months             # optional
//	    reprocurement_lead: 12 months  # optional
//	    uplift: none                 # default; or cpi, {fixed: 2%}, {cpi: {cap: 3%, floor: 0%}}
//	    mobilisation: {weeks: 12, capacity: 50%}   # optional: reduced capacity from a start inside the period
//	lots:                            # required, at least one
//	  - name: Victims                # required, unique
//	    kind: community_victim_support   # required: central_point_of_contact,
//	                                 #   community_victim_support, idva, early_help,
//	                                 #   perpetrator_programme, refuge,
//	                                 #   sexual_violence_counselling or custom
//	    contract: New Era            # required unless there is only one contract
//	    areas: [Staffordshire]       # default: every area
//	    allocation: {percent: 85%}   # or {amount: "£1,800,000"}; default remainder
//	    allocation_by_year: {2023/24: "£2,695,000"}   # optional: a fixed amount in the years listed, in place of allocation
//	    on_cost: 15%                 # default 0%: management and overheads, taken off the top
//	                                 #   of the lot's money before any capacity is bought
//	    wait_targets: {high: 2 days, medium: 10 days, standard: 28 days}   # optional
//	    wait_target_level: 90%   # optional: the share of referred people a year must see within target
//	    service:                     # optional only for the front door's lot
//	      delivery: casework         # default; or group, beds
//	      caseworkers:
//	        fte: 30                  # and/or cost_per_fte: "£40,000" (FTE from the lot's money
//	                                 #   after on_cost; with fte given, the cost only checks it)
//	        caseload_per_fte: 22     # required
//	        case_length: {lognormal: {mean: 110 days, sd: 40 days}}   # required
//	        case_length_by_risk:     # optional: levels listed take their own length
//	          high: {lognormal: {mean: 150 days, sd: 90 days}}
//	        stretch:                 # optional, casework only: above caseload_per_fte, up to
//	          max_caseload_per_fte: 30   # this, a case starts at once but lasts
//	          length_factor: 1.3         # this many times longer
//	      group:
//	        cohort_size: 12          # required
//	        min_to_start: 6          # default 0, taken as 1
//	        weeks: 26                # required: weekly sessions
//	        start_every: 4 weeks     # required
//	        concurrent_cohorts: 3    # default 1, or bought with the money when
//	                                 #   cost_per_facilitator_fte is given and this is not
//	        cost_per_cohort: "£9,500"  # optional: a check that the money covers the cohorts
//	        cost_per_facilitator_fte: "£40,000"   # optional: a facilitator FTE's year, base prices
//	        facilitators_per_group: 1.2  # needed with the cost: facilitator FTE per concurrent group
//	        intake: closed           # default; or rolling: people join a running cohort
//	        join_until_week: 12      # with rolling: the last week people join (1 to weeks - 1)
//	      refuge:
//	        beds: 20                 # required unless cost_per_bed buys them
//	        cost_per_bed: "£25,000"  # optional: a bed's year, base prices; beds = the money
//	                                 #   after on_cost ÷ (cost × index), floored; a check with beds
//	        length_of_stay: {gamma: {mean: 150 days, sd: 60 days}}   # required
//	        when_full: turn_away     # default; or wait
//	        declined_share: 10%      # default 0%
//	    disengagement:               # optional, one entry per client group
//	      - {client_group: perpetrator, patience: {exponential: {mean: 60 days}}, drop_out: 40%,
//	         engagement: {every: 2 weeks, patience_factor: 2}}   # optional contact while waiting
//	    changes:                     # optional changes at dates, in date order
//	      - {date: 2021-04-01, fte: 25}   # or beds, concurrent_cohorts,
//	                                      # caseload_per_fte, max_caseload_per_fte,
//	                                      # delivery: casework or group (a switch),
//	                                      # convert_groups: true (with casework)
//	    female_only: true            # optional: women only; a note beside the lot in reports
//	    specialist: Black and minoritised women   # optional: who the lot specialises in
//	    out_of_area_share: 60%       # optional: this share of the lot's referrals are from
//	                                 #   outside the area, reported under "outside the area"
//	front_door:                      # optional triage at the central point of contact
//	  lot: Central point of contact  # a lot of kind central_point_of_contact
//	  handlers: 6                    # seats triaging at once; required unless bought:
//	  cost_per_handler_fte: "£32,000"  # optional: seats = FTE from the lot's money ÷ rota_factor
//	  rota_factor: 5.3               # default 5.3: FTE per seat around the clock; 1 in office hours
//	  handling_time: {lognormal: {mean: 45 minutes, sd: 20 minutes}}
//	  self_serve: {standard: 20%}    # default 0% at each risk level
//	demand:                          # required
//	  start: 2018-10-01              # the date referrals_per_year refers to; needed for growth
//	  seasonality: [1.05, 0.95, ...] # optional: 12 multipliers, Jan to Dec, averaging 1
//	  shocks:                        # optional
//	    - {name: first lockdown, from: 2020-03-23, to: 2020-05-31, multiplier: 0.6}
//	    # areas: [Staffordshire], client_groups: [victim]: limit a shock to those streams; default every stream
//	  streams:                       # required, one per area and client group
//	    - {area: Staffordshire, client_group: victim, referrals_per_year: 3400,
//	       risk_mix: {standard: 60%, medium: 30%, high: 10%}, growth: 3%, repeat_rate: 10%}
//	routing:                         # required: each referral must reach exactly one lot
//	  - {client_groups: [victim], risks: [high, medium, standard], areas: [Staffordshire], lot: Victims}
//	simulation:                      # optional
//	  seed: 20181001                 # default 0
//	  replications: 200              # default DefaultReplications
//	  horizon: max_term              # default; or taken_term, or a duration like 5 years
//	  start_state: {warm_up: 6 months}   # or {inherited: [{lot: Victims, waiting: 120, open_cases: 300}]};
//	                                 #   default: empty lots
//	  stopping_rule: {metric: high_risk_wait_p90, lot: Victims, relative_half_width: 5%, min: 50, max: 2000}
//	structure:                       # optional: what the lot structure costs, for lotsim compare
//	  contracts: 6                   # contracts let; default one a lot
//	  management_per_contract: "£15,000"   # a year, the commissioners' cost of each
//	                                 # (compare prices contracts[].mobilisation too)
//
// A routing rule's client_groups, risks and areas default to any. Client
// groups are victim, child_family and perpetrator; risk levels standard,
// medium and high.
//
// Distributions are of times, read into days: {fixed: 30 days},
// {exponential: {mean: 60 days}}, {gamma: {mean: 150 days, sd: 60 days}},
// {lognormal: {mean: 110 days, sd: 40 days}}, {uniform: {min: 2 months,
// max: 6 months}}, {triangular: {min: 30 days, mode: 60 days, max: 120
// days}}, {empirical: {values: [30 days, 2 months]}} or {empirical: {unit:
// weeks, values: [8, 12, 16]}}.
//
// Lists hold at most 100 items (an empirical distribution 100,000 values),
// and durations at most 100 years: far beyond any partnership, and enough to
// keep checking quick whatever a file holds.
//
// Values beyond any real partnership are errors too, so that checking,
// budgeting and simulating a file always finish in bounded time and
// memory with finite figures (scenarios/README.md lists them with their
// reasons): money at most £10 billion; a cost per FTE, bed, facilitator
// FTE or handler FTE at least £1,000, and a lot's money buying at most
// 1,000,000 FTE, beds, groups or seats and MaxCaseSlots cases at once; yearly rates from -50% to 100%; shocks up to ×10 and
// seasonality up to 12, not all zero; repeat rates up to 50%; and at most
// MaxPeoplePerReplication (2,000,000) people expected in one replication,
// counting the warm-up, growth, seasonality, shocks, repeats and inherited
// state. The largest shipped scenario, essex-2025, expects about 92,000.
// A run's memory is bounded as well (see simulate.Options.MaxMemory and
// simulate.ErrLimit).
//
// Parse, Validate, lotsim.Budget and Model agree: a scenario that Parse
// and Validate accept can be budgeted and simulated (FuzzScenario checks
// it), and the runner's commands all validate through that one path.
package scenario
