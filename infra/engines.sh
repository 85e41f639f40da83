#!/usr/bin/env bash
# Real engines without containers: Apache Kafka (KRaft, from Maven Central jars) and FerretDB
# (MongoDB wire protocol on SQLite, built with `go install`). Idempotent: `up` reuses running engines.
#   engines.sh install | up | down | status | env
#
# Endpoints are handed over in a file, never mixed with tool output: `up` and `env` write KAFKA_BROKERS= and
# MONGODB_URI= lines to $CAREBRIDGE_ENDPOINTS_FILE (default .engines/endpoints.env) and echo them on stdout; every
# tool this script runs (Maven, Go, Java) writes to stderr, so nothing they print can land in the endpoints.
set -euo pipefail

# fd 3 is the real stdout, kept for the endpoint lines alone; everything else goes to stderr.
exec 3>&1 1>&2

root=$(cd "$(dirname "$0")/.." && pwd)
home=${CAREBRIDGE_ENGINES_HOME:-$root/.engines}
kafka_port=${CAREBRIDGE_KAFKA_PORT:-19092}
controller_port=${CAREBRIDGE_KAFKA_CONTROLLER_PORT:-19093}
ferret_port=${CAREBRIDGE_FERRETDB_PORT:-27027}
ferret_version=v1.24.2
kafka_libs=$home/kafka/libs
ferret_bin=$home/ferretdb/bin/ferretdb
endpoints_file=${CAREBRIDGE_ENDPOINTS_FILE:-$home/endpoints.env}

log() { echo "[engines] $*" >&2; }

# Stops with a message that names what is missing and how to get it; tests are never skipped for want of a tool.
missing() { # what, how to get it
  log "cannot start the test engines: $1 is missing. $2"
  log "(or point the tests at running engines: KAFKA_BROKERS=host:port MONGODB_URI=mongodb://... npm test)"
  exit 1
}

require_java() {
  command -v java >/dev/null 2>&1 || missing "Java 17+ (to run Kafka)" "Install it: apt-get install openjdk-17-jre-headless"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  [ "${major:-0}" -ge 17 ] || missing "Java 17+ (found Java ${major:-unknown})" "Install it: apt-get install openjdk-17-jre-headless"
}
require_maven() {
  command -v mvn >/dev/null 2>&1 || missing "Maven (to fetch Kafka's jars from Maven Central)" "Install it: apt-get install maven"
}
require_go() {
  command -v go >/dev/null 2>&1 || missing "Go 1.22+ (to build FerretDB from the Go module proxy)" \
    "Install it from https://go.dev/dl/ or: apt-get install golang"
}

# A port held by another program makes the engine fail later with a confusing log: say so now.
require_free() { # port, what uses it, variable that moves it
  if port_open "$1"; then
    missing "a free port $1 for $2 (another program holds it)" "Stop that program, or move ours with $3=<port>"
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port seconds name logfile
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    port_open "$1" && return 0
    sleep 0.25
  done
  log "$3 did not open port $1 within $2 s; its log:"
  tail -n 40 "$4" >&2 || true
  return 1
}

install_kafka() {
  if [ -f "$kafka_libs/.complete" ]; then return; fi
  require_java
  require_maven
  log "fetching Kafka jars with Maven into $kafka_libs (first time only)"
  rm -rf "$kafka_libs"; mkdir -p "$kafka_libs"
  # Batch mode, no colours, no transfer progress: plain lines on stderr (fd 1 is stderr here).
  MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.passthrough=false" mvn -q -B --no-transfer-progress -Dstyle.color=never \
    -f "$root/infra/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$kafka_libs" -DincludeScope=runtime \
    || { log "Maven could not fetch Kafka's jars (is Maven Central reachable?)"; exit 1; }
  touch "$kafka_libs/.complete"
}

install_ferretdb() {
  if [ -x "$ferret_bin" ]; then return; fi
  require_go
  log "building FerretDB $ferret_version from the Go module proxy (first time only)"
  # A plain `go install` builds a binary that panics at start: build/version/version.txt is made by
  # FerretDB's release tooling and is not in the module. Build the module's source with that file written.
  local src work
  src=$(go mod download -json "github.com/FerretDB/FerretDB@$ferret_version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || { log "go mod download did not give FerretDB's source"; exit 1; }
  work=$(mktemp -d)
  cp -r "$src/." "$work/"; chmod -R u+w "$work"
  echo "$ferret_version" >"$work/build/version/version.txt"
  mkdir -p "$(dirname "$ferret_bin")"
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -o "$ferret_bin" ./cmd/ferretdb)
  rm -rf "$work"
}

kafka_up() {
  install_kafka
  # Engines another checkout (or an earlier run) started are shared; the harness checks that Kafka answers there.
  if port_open "$kafka_port"; then log "Kafka already up on 127.0.0.1:$kafka_port"; return; fi
  require_java
  require_free "$controller_port" "Kafka's controller" CAREBRIDGE_KAFKA_CONTROLLER_PORT
  local dir=$home/kafka/run
  rm -rf "$dir"; mkdir -p "$dir/data"
  sed -e "s#@KAFKA_PORT@#$kafka_port#g" -e "s#@CONTROLLER_PORT@#$controller_port#g" -e "s#@DATA_DIR@#$dir/data#g" \
    "$root/infra/kafka/server.properties.template" > "$dir/server.properties"
  local cp="$kafka_libs/*"
  local java_opts=(-Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true "-Dlog4j2.configurationFile=$root/infra/kafka/log4j2.properties")
  local cluster_id
  cluster_id=$(java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool random-uuid)
  java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >"$dir/format.log" 2>&1 \
    || { cat "$dir/format.log" >&2; exit 1; }
  log "starting Kafka (KRaft, cluster $cluster_id) on 127.0.0.1:$kafka_port"
  nohup java -cp "$cp" "${java_opts[@]}" kafka.Kafka "$dir/server.properties" >"$dir/kafka.log" 2>&1 &
  echo $! >"$home/kafka/pid"
  wait_port "$kafka_port" 90 Kafka "$dir/kafka.log" || { kafka_down; exit 1; }
}

ferret_up() {
  install_ferretdb
  if port_open "$ferret_port"; then log "FerretDB already up on 127.0.0.1:$ferret_port"; return; fi
  local dir=$home/ferretdb/run
  rm -rf "$dir"; mkdir -p "$dir/data"
  log "starting FerretDB $ferret_version (SQLite) on 127.0.0.1:$ferret_port"
  nohup "$ferret_bin" --handler=sqlite --sqlite-url="file:$dir/data/" --listen-addr="127.0.0.1:$ferret_port" \
    --telemetry=disable --log-level=warn --state-dir="$dir" --debug-addr=- >"$dir/ferretdb.log" 2>&1 &
  echo $! >"$home/ferretdb/pid"
  wait_port "$ferret_port" 30 FerretDB "$dir/ferretdb.log" || { ferret_down; exit 1; }
}

stop_pid() { # pidfile name
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $2 (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}
kafka_down() { stop_pid "$home/kafka/pid" Kafka; }
ferret_down() { stop_pid "$home/ferretdb/pid" FerretDB; }

print_env() {
  local lines="KAFKA_BROKERS=127.0.0.1:$kafka_port
MONGODB_URI=mongodb://127.0.0.1:$ferret_port/"
  mkdir -p "$(dirname "$endpoints_file")"
  # Written whole, then renamed: a reader never sees half a file.
  printf '%s\n' "$lines" >"$endpoints_file.tmp.$$" && mv -f "$endpoints_file.tmp.$$" "$endpoints_file"
  printf '%s\n' "$lines" >&3
}

case "${1:-up}" in
  install) install_kafka; install_ferretdb ;;
  up) kafka_up; ferret_up; print_env ;;
  down) kafka_down; ferret_down ;;
  status)
    port_open "$kafka_port" && log "Kafka up on $kafka_port" || log "Kafka down"
    port_open "$ferret_port" && log "FerretDB up on $ferret_port" || log "FerretDB down" ;;
  env) print_env ;;
  *) echo "usage: $0 install|up|down|status|env" >&2; exit 2 ;;
esac
