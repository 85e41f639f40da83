#!/usr/bin/env bash
# Real engines without containers: Apache Kafka (KRaft, from Maven Central jars) and FerretDB
# (MongoDB wire protocol on SQLite, built with `go install`). Idempotent: `up` reuses running engines.
#   engines.sh install | up | down | status | env
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
home=${CAREBRIDGE_ENGINES_HOME:-$root/.engines}
kafka_port=${CAREBRIDGE_KAFKA_PORT:-19092}
controller_port=${CAREBRIDGE_KAFKA_CONTROLLER_PORT:-19093}
ferret_port=${CAREBRIDGE_FERRETDB_PORT:-27027}
ferret_version=v1.24.2
kafka_libs=$home/kafka/libs
ferret_bin=$home/ferretdb/bin/ferretdb

log() { echo "[engines] $*" >&2; }

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
  command -v java >/dev/null || { log "java is required for Kafka"; exit 1; }
  command -v mvn >/dev/null || { log "mvn is required to fetch the Kafka jars"; exit 1; }
  log "fetching Kafka jars with Maven into $kafka_libs"
  rm -rf "$kafka_libs"; mkdir -p "$kafka_libs"
  mvn -q -B -f "$root/infra/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$kafka_libs" -DincludeScope=runtime
  touch "$kafka_libs/.complete"
}

install_ferretdb() {
  if [ -x "$ferret_bin" ]; then return; fi
  command -v go >/dev/null || { log "go is required to build FerretDB"; exit 1; }
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
  if port_open "$kafka_port"; then log "Kafka already up on 127.0.0.1:$kafka_port"; return; fi
  install_kafka
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
  if port_open "$ferret_port"; then log "FerretDB already up on 127.0.0.1:$ferret_port"; return; fi
  install_ferretdb
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
  echo "KAFKA_BROKERS=127.0.0.1:$kafka_port"
  echo "MONGODB_URI=mongodb://127.0.0.1:$ferret_port/"
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
