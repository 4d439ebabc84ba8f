//go:build unix

package render

import (
	"errors"
	"syscall"
)

// processRuns reports whether a process with the ID pid exists: signal 0
// checks without sending anything. A process of another user (EPERM)
// exists too.
func processRuns(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
