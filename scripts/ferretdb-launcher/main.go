// Command sortie-ferretdb starts FerretDB v1.24.2 through its embeddable package
// with the SQLite backend, so Sortie has a real MongoDB-wire database offline.
//
// The upstream cmd/ferretdb binary cannot be used from the module proxy: its
// version files are generated at release time and it panics at start.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/build/version"
	"github.com/FerretDB/FerretDB/ferretdb"
)

// ferretdbVersion is the FerretDB release this launcher is pinned to (see go.mod).
const ferretdbVersion = "1.24.2"

// synchronousPragmas maps --sqlite-synchronous to the pragma the SQLite driver runs on every
// connection it opens. FerretDB keeps its databases in WAL mode; with "full" each commit waits
// for an fsync of the WAL, with "normal" commits only write it and fsyncs happen at checkpoints.
var synchronousPragmas = map[string]string{
	"full":   "synchronous(FULL)",
	"normal": "synchronous(NORMAL)",
}

func main() {
	listenAddr := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data-dir", "./data/ferretdb", "folder for the SQLite databases")
	showVersion := flag.Bool("version", false, "print the FerretDB version and exit")
	exitOnStdinClose := flag.Bool("exit-on-stdin-close", false,
		"stop when stdin closes, so the server never outlives the process that started it")
	sqliteSynchronous := flag.String("sqlite-synchronous", "full",
		"SQLite's synchronous setting: \"full\" (every commit fsynced: survives power loss) or "+
			"\"normal\" (the WAL is fsynced at checkpoints only: survives a crash of the database "+
			"process, but a power loss or an operating-system crash may undo the last commits)")
	flag.Parse()

	if *showVersion {
		fmt.Println(ferretdbVersion)
		return
	}

	// Built from the Go module, FerretDB's version files are absent and it reports "unknown";
	// set the pinned release so buildInfo (and Sortie's /healthz) name the real version.
	version.Get().Version = "v" + ferretdbVersion

	synchronous, ok := synchronousPragmas[*sqliteSynchronous]
	if !ok {
		fail("--sqlite-synchronous must be \"full\" or \"normal\", got %q", *sqliteSynchronous)
	}

	absDir, err := filepath.Abs(*dataDir)
	if err != nil {
		fail("resolving data dir %q: %v", *dataDir, err)
	}
	if err := os.MkdirAll(absDir, 0o700); err != nil {
		fail("creating data dir %q: %v", absDir, err)
	}

	logger := slog.New(newLazyAttrsHandler(
		slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}),
	))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listenAddr},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + absDir + "/?_pragma=" + url.QueryEscape(synchronous),
	})
	if err != nil {
		fail("configuring FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *exitOnStdinClose {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	if err := waitForListener(ctx, *listenAddr, done); err != nil {
		fail("%v", err)
	}

	// The Node side waits for this exact line before connecting.
	fmt.Printf("SORTIE_FERRETDB_READY version=%s uri=%s\n", ferretdbVersion, f.MongoDBURI())

	if err := <-done; err != nil && ctx.Err() == nil {
		fail("FerretDB stopped: %v", err)
	}
}

// waitForListener returns once the listen address accepts TCP connections, so the
// ready line is never printed before a client could connect.
func waitForListener(ctx context.Context, addr string, done <-chan error) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			return fmt.Errorf("FerretDB stopped before it was ready: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		default:
		}
		conn, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			_ = conn.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("FerretDB did not listen on %s within 30 s", addr)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "sortie-ferretdb: "+format+"\n", args...)
	os.Exit(1)
}
