package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
)

// Answer is one HTTP exchange as the sidecar answered it, for the test to check against /docs-json too.
type Answer struct {
	Method      string          `json:"method"`
	Path        string          `json:"path"`
	Status      int             `json:"status"`
	ContentType string          `json:"contentType"`
	Body        json.RawMessage `json:"body,omitempty"`
}

// recorder sits under the generated client and keeps every answer's bytes: the client's typed
// endpoints swallow decode errors (a 2xx body that fails to decode is returned as a zero model with
// no error), so the program decodes each body again, strictly, from what is kept here.
type recorder struct {
	mu      sync.Mutex
	last    Answer
	answers []Answer
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	res.Body = io.NopCloser(bytes.NewReader(body))
	answer := Answer{Method: req.Method, Path: req.URL.RequestURI(), Status: res.StatusCode, ContentType: res.Header.Get("Content-Type")}
	if strings.Contains(answer.ContentType, "application/json") && len(body) > 0 {
		answer.Body = json.RawMessage(body)
	}
	r.mu.Lock()
	r.last, r.answers = answer, append(r.answers, answer)
	r.mu.Unlock()
	return res, nil
}

// lastAnswer is the answer to the call just made.
func (r *recorder) lastAnswer() Answer {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last
}

// save writes every answer as one JSON line.
func (r *recorder) save(file string) {
	if file == "" {
		return
	}
	var out bytes.Buffer
	for _, a := range r.answers {
		line, _ := json.Marshal(a)
		out.Write(append(line, '\n'))
	}
	if err := os.WriteFile(file, out.Bytes(), 0o644); err != nil {
		fail("writing %s: %v", file, err)
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "go-client: "+format+"\n", args...)
	os.Exit(1)
}
