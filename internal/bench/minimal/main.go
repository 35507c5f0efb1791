// Command minimal is the ceiling of a Go HTTP server on this machine: it
// fetches a page once at start and then answers every request with exactly
// those bytes and that Content-Type, from memory, doing nothing else. With
// -headers it sends every header of the fetched answer as well (the
// security headers, ETag, Vary…), so that it writes the same bytes on the
// wire as Goalpost, headers and all.
// internal/bench/compare.sh measures Goalpost against it.
//
//	go run ./internal/bench/minimal -from http://127.0.0.1:8095/plans/dalian-2023-livelihood -addr 127.0.0.1:8096
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"
)

func main() {
	from := flag.String("from", "", "the URL whose answer to serve (fetched once, at start)")
	addr := flag.String("addr", "127.0.0.1:8096", "where to listen")
	save := flag.String("save", "", "also write the fetched bytes to this file (for nginx to serve the same bytes)")
	headers := flag.Bool("headers", false, "send every header of the fetched answer, not only its Content-Type")
	flag.Parse()
	if *from == "" {
		fmt.Fprintln(os.Stderr, "usage: minimal -from URL [-addr HOST:PORT] [-save FILE]")
		os.Exit(2)
	}
	body, header, err := fetch(*from)
	if err != nil {
		log.Fatal(err)
	}
	if *save != "" {
		if err := os.WriteFile(*save, body, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	ctype := header.Get("Content-Type")
	send := http.Header{"Content-Type": {ctype}}
	if *headers {
		send = header.Clone()
		send.Del("Date") // the server writes its own
	}
	send.Set("Content-Length", strconv.Itoa(len(body)))
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		out := w.Header()
		for k, v := range send {
			out[k] = v
		}
		_, _ = w.Write(body)
	})
	log.Printf("serving %d bytes (%s, %d headers) from %s on http://%s", len(body), ctype, len(send), *from, *addr)
	srv := &http.Server{Addr: *addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.ListenAndServe())
}

func fetch(url string) ([]byte, http.Header, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, nil, fmt.Errorf("%s answered %s", url, resp.Status)
	}
	body, err := io.ReadAll(resp.Body)
	return body, resp.Header, err
}
