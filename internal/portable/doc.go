// Package portable holds elementary functions that give the same bits on
// every machine, for the simulation's random draws.
//
// The standard library's math.Exp is fast and accurate, but on amd64 it
// takes one of two assembly paths by whether the processor has fused
// multiply-add, and on arm64 another, and the paths can round differently
// in the last bit. A lognormal draw is math.Exp of a normal one, so the
// same seed could give a different case length, and then a different order
// of events, on another machine. Exp here is plain Go with every product
// rounded on its own (an explicit float64 conversion stops the compiler
// fusing a multiply and an add, as the Go specification allows it to), so
// it gives the same bits wherever Go's float64 is IEEE 754 binary64.
//
// It stops there: functions whose results are reported but never decide
// the course of a run (fitting, interval bounds) keep package math.
package portable
