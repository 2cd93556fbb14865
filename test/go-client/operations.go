package main

import (
	"encoding/json"
	"time"

	"github.com/antihax/optional"
	icarus "github.com/instaclustr/instaclustr-icarus-go-client/pkg/instaclustr_icarus"
)

var finished = map[string]bool{"COMPLETED": true, "FAILED": true, "CANCELLED": true}

// submit posts a request and decodes the 201 answer into model, which must have Id and State.
func (r *run) submit(what string, request interface{}, model interface{}) {
	_, _, err := r.api.OperationsApi.OperationsPost(r.ctx, &icarus.OperationsApiOperationsPostOpts{Body: optional.NewInterface(request)})
	r.strict("POST /operations "+what, err, 201, model)
}

// await polls GET /operations/{id}, decoding every answer into a fresh model of the operation's
// type, until the operation has finished; it returns the last answer's model.
func await[T any](r *run, what, id string, state func(*T) string) *T {
	deadline := time.Now().Add(r.timeout)
	for {
		model := new(T)
		_, _, err := r.api.OperationsApi.OperationsOperationIdGet(r.ctx, id)
		r.strict("GET /operations/{id} "+what, err, 200, model)
		if finished[state(model)] {
			return model
		}
		if time.Now().After(deadline) {
			fail("%s %s: still %s after %v", what, id, state(model), r.timeout)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// checkTimes fails unless the operation's times are RFC 3339, as a Go client would parse them.
func checkTimes(what string, times ...string) {
	for _, t := range times {
		if t == "" {
			continue
		}
		if _, err := time.Parse(time.RFC3339Nano, t); err != nil {
			fail("%s: time %q: %v", what, t, err)
		}
	}
}

func (r *run) nodeOps() {
	var flush icarus.FlushOperationResponse
	r.submit("flush", icarus.FlushOperationRequest{Type_: "flush", Keyspace: r.keyspace, Tables: []string{r.table}}, &flush)
	done := await(r, "flush", flush.Id, func(m *icarus.FlushOperationResponse) string { return m.State })
	if done.State != "COMPLETED" || done.Type_ != "flush" || done.Keyspace != r.keyspace || done.Progress != 1 {
		fail("flush ended %+v", done)
	}
	checkTimes("flush", done.CreationTime, done.StartTime, done.CompletionTime)

	var cleanup icarus.CleanupOperationResponse
	r.submit("cleanup", icarus.CleanupOperationRequest{Type_: "cleanup", Keyspace: r.keyspace, Jobs: 1}, &cleanup)
	cleaned := await(r, "cleanup", cleanup.Id, func(m *icarus.CleanupOperationResponse) string { return m.State })
	if cleaned.State != "COMPLETED" || cleaned.Jobs != 1 {
		fail("cleanup ended %+v", cleaned)
	}

	// The client's list filter is named `status`; one value per call (several are sent concatenated).
	listed, _, err := r.api.OperationsApi.OperationsGet(r.ctx, &icarus.OperationsApiOperationsGetOpts{
		Type_: optional.NewInterface("flush"), Status: optional.NewInterface("COMPLETED")})
	var flushes []icarus.FlushOperationResponse
	r.strict("GET /operations?type=flush&status=COMPLETED", err, 200, &flushes)
	if len(listed) != len(flushes) {
		fail("the client and the strict decoding disagree: %d vs %d", len(listed), len(flushes))
	}
	seen := false
	for _, f := range flushes {
		if f.Type_ != "flush" || f.State != "COMPLETED" {
			fail("the status/type filter let through %s %s", f.Type_, f.State)
		}
		seen = seen || f.Id == flush.Id
	}
	if !seen {
		fail("flush %s missing from the COMPLETED flushes", flush.Id)
	}
	_, _, err = r.api.OperationsApi.OperationsGet(r.ctx, &icarus.OperationsApiOperationsGetOpts{Status: optional.NewInterface("RUNNING")})
	var running []json.RawMessage
	r.strict("GET /operations?status=RUNNING", err, 200, &running)

	_, _, err = r.api.OperationsApi.OperationsOperationIdGet(r.ctx, "not-a-uuid")
	var notFound struct {
		Message string `json:"message"`
	}
	r.strict("GET /operations/not-a-uuid", err, 404, &notFound)
	if err == nil || notFound.Message == "" {
		fail("GET /operations/not-a-uuid: expected an error with a message, got %v %q", err, notFound.Message)
	}
	r.summary["flush"] = flush.Id
	r.summary["cleanup"] = cleanup.Id
	r.summary["completedFlushes"] = len(flushes)
	r.summary["running"] = len(running)
}

func (r *run) backup(request icarus.BackupOperationRequest) {
	var submitted icarus.BackupOperationResponse
	r.submit("backup", request, &submitted)
	done := await(r, "backup", submitted.Id, func(m *icarus.BackupOperationResponse) string { return m.State })
	if done.State != "COMPLETED" {
		fail("backup ended %s: %+v", done.State, done.Errors)
	}
	if done.Duration != request.Duration || done.Bandwidth == nil || *done.Bandwidth != *request.Bandwidth || done.GlobalRequest != request.GlobalRequest {
		fail("backup echoes duration %q bandwidth %+v globalRequest %v", done.Duration, done.Bandwidth, done.GlobalRequest)
	}
	checkTimes("backup", done.CreationTime, done.StartTime, done.CompletionTime)
	r.summary["id"] = done.Id
	r.summary["snapshotTag"] = done.SnapshotTag
	r.summary["storageLocation"] = done.StorageLocation
}

func (r *run) restore(request icarus.RestoreOperationRequest) {
	var submitted icarus.RestoreOperationResponse
	r.submit("restore", request, &submitted)
	done := await(r, "restore", submitted.Id, func(m *icarus.RestoreOperationResponse) string { return m.State })
	if done.State != "COMPLETED" {
		fail("restore ended %s: %+v", done.State, done.Errors)
	}
	if done.Import_ == nil || done.Import_.SourceDir != request.Import_.SourceDir || done.RestorationStrategyType != "HARDLINKS" {
		fail("restore echoes import %+v strategy %s", done.Import_, done.RestorationStrategyType)
	}
	checkTimes("restore", done.CreationTime, done.StartTime, done.CompletionTime)
	r.summary["id"] = done.Id
	r.summary["progress"] = done.Progress
}
