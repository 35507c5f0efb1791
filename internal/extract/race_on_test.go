//go:build race

package extract

// raceEnabled: the race detector slows code down too much for timings.
const raceEnabled = true
