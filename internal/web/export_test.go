package web

import "time"

// SetSpreadsheetWait sets how long an upload waits for a slot to be read;
// call it before serving.
func (s *Server) SetSpreadsheetWait(wait time.Duration) { s.readWait = wait }

// HoldSpreadsheetReaders takes every slot for reading uploaded
// spreadsheets, as uploads being read would; release frees them.
func (s *Server) HoldSpreadsheetReaders() (release func()) {
	for range cap(s.readers) {
		s.readers <- struct{}{}
	}
	return func() {
		for range cap(s.readers) {
			<-s.readers
		}
	}
}
