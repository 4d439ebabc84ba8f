// Package lotting is the domain model of a jointly commissioned domestic
// abuse service: how the service is split into lots, what each lot delivers
// and how money turns into capacity, where referrals come from and how they
// are routed to a lot.
//
// A Structure holds the partnership's areas, its lots (each with a Kind, the
// areas it covers, its share of the pool and a ServiceModel: caseworkers,
// group programmes or refuge beds), the routing Rules that send each kind of
// referral (area, ClientGroup, Risk) to exactly one lot, and an optional
// FrontDoor that triages every referral first. A Demand describes referrals
// a year by area and client group, with growth, seasonality and shocks.
//
// Validate methods report every problem they find, each as a *Problem that
// wraps one of the package's sentinel errors (ErrGap, ErrOverlap, ...) and
// names what is wrong and what would be valid. Plan does the hand arithmetic
// a commissioner does before any simulation: cases a year each lot can take
// against the referrals routed to it, utilisation and cost per case.
//
// The package describes; it does not simulate. Distributions are parameters
// only: the simulate package draws from them with an explicit random source.
// Money is funding.Money throughout; pooling and allocating money is the
// funding package's job.
package lotting
