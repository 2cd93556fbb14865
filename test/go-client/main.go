// Command go-client drives a running sidecar through the Icarus Go client that CassKop uses
// (github.com/instaclustr/instaclustr-icarus-go-client), sending requests shaped as CassKop sends
// them and decoding every answer strictly into the client's typed models: a field of the wrong
// JSON type, a time Go cannot parse or a non-JSON answer fails the run (exit 1).
//
//	go-client -url http://127.0.0.1:4567 [flags] info|nodeops|backup|restore
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"strings"
	"time"

	icarus "github.com/instaclustr/instaclustr-icarus-go-client/pkg/instaclustr_icarus"
)

type run struct {
	api      *icarus.APIClient
	rec      *recorder
	ctx      context.Context
	summary  map[string]interface{}
	timeout  time.Duration
	keyspace string
	table    string
	dc       string
}

func main() {
	url := flag.String("url", "", "the sidecar's base URL")
	record := flag.String("record", "", "file to write every answer to, one JSON line each")
	keyspace := flag.String("keyspace", "", "nodeops: keyspace to flush and clean up")
	table := flag.String("table", "", "nodeops: table to flush")
	dc := flag.String("dc", "dc1", "data center (topology filter, backup dc)")
	location := flag.String("location", "", "backup/restore: storageLocation")
	tag := flag.String("tag", "", "backup/restore: snapshotTag")
	entities := flag.String("entities", "", "backup/restore: entities")
	global := flag.Bool("global", false, "backup/restore: globalRequest, as CassKop sends it")
	sourceDir := flag.String("source-dir", "", "restore: import.sourceDir")
	phase := flag.String("phase", "DOWNLOAD", "restore: restorationPhase")
	timeout := flag.Duration("timeout", 4*time.Minute, "how long an operation may take")
	flag.Parse()
	if *url == "" || flag.NArg() != 1 {
		fail("usage: go-client -url URL [flags] info|nodeops|backup|restore")
	}
	rec := &recorder{}
	cfg := icarus.NewConfiguration()
	cfg.BasePath = strings.TrimSuffix(*url, "/")
	cfg.HTTPClient = &http.Client{Transport: rec, Timeout: time.Minute}
	r := &run{api: icarus.NewAPIClient(cfg), rec: rec, ctx: context.Background(), summary: map[string]interface{}{},
		timeout: *timeout, keyspace: *keyspace, table: *table, dc: *dc}
	defer rec.save(*record)
	switch flag.Arg(0) {
	case "info":
		r.info()
	case "nodeops":
		r.nodeOps()
	case "backup":
		r.backup(icarus.BackupOperationRequest{
			// The body of issue 8 / CassKop's PerformBackup: k8s fields, "1 hour", {value, unit}.
			Type_: "backup", StorageLocation: *location, SnapshotTag: *tag, Duration: "1 hour",
			Bandwidth: &icarus.DataRate{Value: 10, Unit: "MBPS"}, ConcurrentConnections: 10, Entities: *entities,
			K8sSecretName: "cassandra-backup-secret", Dc: *dc, GlobalRequest: *global, K8sNamespace: "default",
		})
	case "restore":
		r.restore(icarus.RestoreOperationRequest{
			// CassKop's PerformRestore: HARDLINKS, DOWNLOAD, import.sourceDir, host ids from the topology file.
			Type_: "restore", StorageLocation: *location, SnapshotTag: *tag, RestorationPhase: *phase, GlobalRequest: *global,
			Import_:  &icarus.AllOfRestoreOperationRequestImport_{Type_: "import", SourceDir: *sourceDir},
			Entities: *entities, K8sSecretName: "cassandra-backup-secret", RestorationStrategyType: "HARDLINKS",
			ResolveHostIdFromTopology: true, ConcurrentConnections: 15,
		})
	default:
		fail("unknown command %q", flag.Arg(0))
	}
	out, _ := json.Marshal(r.summary)
	fmt.Println(string(out))
}

// strict decodes the answer to the call just made into model; err is what the client returned.
func (r *run) strict(what string, err error, wantStatus int, model interface{}) Answer {
	answer := r.rec.lastAnswer()
	if answer.Status != wantStatus {
		fail("%s: HTTP %d, expected %d: %s", what, answer.Status, wantStatus, string(answer.Body))
	}
	if err != nil && wantStatus < 300 {
		fail("%s: the client failed: %v", what, err)
	}
	if !strings.Contains(answer.ContentType, "application/json") {
		fail("%s: content type %q: the client decodes only application/json", what, answer.ContentType)
	}
	if err := json.Unmarshal(answer.Body, model); err != nil {
		fail("%s: cannot decode %s into %T: %v", what, string(answer.Body), model, err)
	}
	return answer
}

func (r *run) info() {
	version, _, err := r.api.VersionApi.VersionGet(r.ctx)
	r.strict("GET /version", err, 200, &version)
	if version.BuildTime.IsZero() || version.BuildTime.After(time.Now()) {
		fail("GET /version: buildTime %v is not a build time", version.BuildTime)
	}
	sidecar, _, err := r.api.VersionApi.VersionSidecarGet(r.ctx)
	r.strict("GET /version/sidecar", err, 200, &sidecar)
	cassandra, _, err := r.api.VersionApi.VersionCassandraGet(r.ctx)
	r.strict("GET /version/cassandra", err, 200, &cassandra)
	schema, _, err := r.api.VersionApi.VersionSchemaGet(r.ctx)
	r.strict("GET /version/schema", err, 200, &schema)
	status, _, err := r.api.StatusApi.StatusGet(r.ctx)
	r.strict("GET /status", err, 200, &status)
	topology, _, err := r.api.TopologyApi.TopologyGet(r.ctx)
	r.strict("GET /topology", err, 200, &topology)
	inDc, _, err := r.api.TopologyApi.TopologyDcGet(r.ctx, r.dc)
	r.strict("GET /topology/{dc}", err, 200, &inDc)
	res, err := r.api.ConfigApi.ConfigGet(r.ctx)
	if err != nil || res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "yaml") {
		fail("GET /config: %v %v", err, res)
	}
	r.summary["version"] = version.Version
	r.summary["buildTime"] = version.BuildTime.Format(time.RFC3339Nano)
	r.summary["cassandra"] = fmt.Sprintf("%d.%d.%d", cassandra.Major, cassandra.Minor, cassandra.Patch)
	r.summary["schemaVersion"] = schema.SchemaVersion
	r.summary["nodeState"] = status.NodeState
	r.summary["nodes"] = len(topology.Topology)
	r.summary["nodesInDc"] = len(inDc.Topology)
	r.summary["clusterName"] = topology.ClusterName
}
