package lotsim

// Version is the version of lotsim that produced a result. The runner
// writes it into the provenance of every output, so that a figure in a
// committee paper can be traced to the code that computed it.
const Version = "0.2.0"
